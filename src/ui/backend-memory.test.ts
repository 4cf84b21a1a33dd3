import { describe, expect, it } from 'vitest';
import { rememberBackend, rememberedBackend } from './backend-memory';
import { BACKEND_CHOICE_KEY } from './run/storage-keys';

/** An in-memory Storage: these tests are about what is written and read back (e2e uses the browser's). */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

const probe = { identity: 'id-1', best: 'wasm' as const, probeMs: { wasm: 24, cpu: 190 }, skipped: { webgpu: 'software adapter (x)' }, failures: {} };

describe('the remembered backend', () => {
  it('round-trips: what a probe found is what the next visit reads', () => {
    const storage = memoryStorage();
    const written = rememberBackend(probe, new Date('2026-12-01T21:00:00Z'), storage);
    expect(written).toEqual({ identity: 'id-1', name: 'wasm', probeMs: { wasm: 24, cpu: 190 }, at: '2026-12-01T21:00:00.000Z' });
    expect(JSON.parse(storage.items.get(BACKEND_CHOICE_KEY)!)).toEqual(written);
    expect(rememberedBackend(storage)).toEqual(written);
  });

  it('is nothing when nothing, or something damaged, is stored', () => {
    expect(rememberedBackend(memoryStorage())).toBeUndefined();
    for (const raw of ['{not json', 'null', '[]', JSON.stringify({ identity: 'id-1', name: 'tpu', probeMs: {}, at: '2026-12-01T21:00:00.000Z' })]) {
      expect(rememberedBackend(memoryStorage({ [BACKEND_CHOICE_KEY]: raw })), raw).toBeUndefined();
    }
    expect(rememberedBackend(undefined)).toBeUndefined();
  });

  it('loses nothing when the storage refuses to read or write', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(rememberedBackend(broken)).toBeUndefined();
    expect(rememberBackend(probe, new Date('2026-12-01T21:00:00Z'), broken).name).toBe('wasm');
  });
});
