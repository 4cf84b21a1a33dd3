import { describe, expect, it } from 'vitest';
import { candidates, describeProbe, identityKey, listSkipped, listTimings, RememberedBackendSchema, softwareAdapter, type AdapterIdentity } from './backend-choice';

const SWIFTSHADER_GL = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
/** What headless Chromium reports on a machine without a GPU (read off this project's CI-like machine). */
const noGpu: AdapterIdentity = {
  webgpu: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', fallback: true },
  webgl: SWIFTSHADER_GL,
  userAgent: 'Chromium/156',
  cores: 2,
};
const nvidia: AdapterIdentity = {
  webgpu: { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3060', fallback: false },
  webgl: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
  userAgent: 'Chrome/156',
  cores: 8,
};

describe('softwareAdapter', () => {
  it('names a fallback WebGPU adapter and a SwiftShader WebGL renderer', () => {
    expect(softwareAdapter('webgpu', noGpu)).toBe('software adapter (a fallback adapter: google swiftshader)');
    expect(softwareAdapter('webgl', noGpu)).toBe(`software renderer (${SWIFTSHADER_GL})`);
  });

  it('knows a software adapter by its name even when it does not call itself a fallback', () => {
    const id: AdapterIdentity = { ...noGpu, webgpu: { ...noGpu.webgpu!, fallback: false }, webgl: 'llvmpipe (LLVM 15.0.6, 256 bits)' };
    expect(softwareAdapter('webgpu', id)).toBe('software adapter (google swiftshader)');
    expect(softwareAdapter('webgl', id)).toBe('software renderer (llvmpipe (LLVM 15.0.6, 256 bits))');
    expect(softwareAdapter('webgl', { ...id, webgl: 'Microsoft Basic Render Driver' })).toMatch(/^software renderer/);
  });

  it('leaves hardware adapters, missing adapters, WASM and the CPU backend alone', () => {
    for (const name of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) expect(softwareAdapter(name, nvidia)).toBeNull();
    const none: AdapterIdentity = { webgpu: null, webgl: null, userAgent: '', cores: 1 };
    for (const name of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) expect(softwareAdapter(name, none)).toBeNull();
    expect(softwareAdapter('wasm', noGpu)).toBeNull();
  });
});

describe('candidates', () => {
  it('keeps the backend order and sets software adapters aside with their reasons', () => {
    expect(candidates(noGpu)).toEqual({
      order: ['wasm', 'cpu'],
      skipped: { webgpu: 'software adapter (a fallback adapter: google swiftshader)', webgl: `software renderer (${SWIFTSHADER_GL})` },
    });
    expect(candidates(nvidia)).toEqual({ order: ['webgpu', 'webgl', 'wasm', 'cpu'], skipped: {} });
  });
});

describe('identityKey', () => {
  it('is equal for equal identities and differs when an adapter, the browser or the cores change', () => {
    expect(identityKey({ ...noGpu })).toBe(identityKey(noGpu));
    const changes: AdapterIdentity[] = [
      { ...noGpu, webgpu: null },
      { ...noGpu, webgpu: { ...noGpu.webgpu!, fallback: false } },
      { ...noGpu, webgl: 'another renderer' },
      { ...noGpu, userAgent: 'Chromium/157' },
      { ...noGpu, cores: 4 },
    ];
    const keys = new Set([identityKey(noGpu), ...changes.map(identityKey)]);
    expect(keys.size).toBe(changes.length + 1);
  });
});

describe('RememberedBackendSchema', () => {
  const valid = { identity: identityKey(noGpu), name: 'wasm', probeMs: { wasm: 24, cpu: 190 }, at: '2026-12-01T21:00:00.000Z' };
  it('takes what the page writes', () => {
    expect(RememberedBackendSchema.parse(valid)).toEqual(valid);
    expect(RememberedBackendSchema.parse({ ...valid, probeMs: { wasm: 24, cpu: null } }).probeMs).toEqual({ wasm: 24, cpu: null });
  });
  it('refuses an unknown backend, an unknown key, a negative time and a date that is not one', () => {
    for (const bad of [{ ...valid, name: 'tpu' }, { ...valid, extra: 1 }, { ...valid, probeMs: { wasm: -1 } }, { ...valid, probeMs: { tpu: 1 } }, { ...valid, at: 'yesterday' }]) {
      expect(RememberedBackendSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('what the badge says', () => {
  it('lists timings in the backend order, rounded, without the failed ones', () => {
    expect(listTimings({ cpu: 189.6, wasm: 23.4, webgl: null })).toBe('wasm 23 ms, cpu 190 ms');
    expect(listTimings({})).toBe('');
    expect(describeProbe({ best: 'wasm', probeMs: { cpu: 190, wasm: 24 } })).toBe('wasm 24 ms, cpu 190 ms: wasm is the fastest here');
  });
  it('lists skipped backends with their reasons', () => {
    expect(listSkipped({ webgl: 'b', webgpu: 'a' })).toBe('webgpu: a; webgl: b');
    expect(listSkipped({})).toBe('');
  });
});
