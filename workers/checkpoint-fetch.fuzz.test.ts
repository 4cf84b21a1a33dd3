import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, MAX_ABS_WEIGHT, type LoadedCheckpoint } from '../src/core/model/checkpoint';
import { Policy } from '../src/core/model/policy';
import { CharTokenizer } from '../src/core/model/tokenizer';
import { paramNames, paramShape } from '../src/core/model/transformer';
import { FuzzTally, fuzzOptions, hostileJson, hostileText, keysOf, mutated } from '../src/testing/fuzz';
import { fetchCheckpoint } from './checkpoint-fetch';

/**
 * Fuzz: a checkpoint folder with a changed manifest or a weights file of the wrong size, NaN or
 * absurd values is refused with a CheckpointError that names what is wrong, or it loads weights
 * the model can use: every tensor there with its shape, finite and within the sane bound. The
 * worker never asks for a file outside the checkpoint's folder.
 */
const tally = new FuzzTally('checkpoints → fetchCheckpoint / decodeCheckpoint');
afterAll(() => console.log(tally.line()));
afterEach(() => vi.unstubAllGlobals());

const BASE = 'http://lab.test/checkpoints/tiny/';
/** A tiny model's checkpoint, the base the mutations change. */
async function tinyCheckpoint(): Promise<{ manifest: Record<string, unknown>; weights: ArrayBuffer }> {
  const tokenizer = new CharTokenizer();
  const config = { vocabSize: tokenizer.vocabSize, contextLength: 16, nLayer: 1, nHead: 2, dModel: 8, dFF: 16, positional: 'rope' as const };
  const policy = Policy.init(config, tokenizer, 1);
  const encoded = encodeCheckpoint(config, tokenizer, await policy.weights(), { script: 'fuzz' });
  policy.dispose();
  return { manifest: JSON.parse(JSON.stringify(encoded.manifest)), weights: encoded.weights };
}
const { manifest, weights } = await tinyCheckpoint();

/** A weights file gone wrong: cut or grown by some bytes, or one value (or all) replaced. */
interface WeightsChange {
  op: 'none' | 'resize' | 'poke' | 'fill';
  bytes: number;
  index: number;
  value: number;
}
const weightsChange: fc.Arbitrary<WeightsChange> = fc.record({
  op: fc.constantFrom<WeightsChange['op']>('none', 'resize', 'poke', 'poke', 'fill'),
  bytes: fc.integer({ min: -4096, max: 64 }),
  index: fc.nat(),
  value: fc.constantFrom(NaN, Infinity, -Infinity, 3e38, -3e38, -1e5, MAX_ABS_WEIGHT, MAX_ABS_WEIGHT * 1.01, -0, 1e-45, 0.5),
});

function changedWeights(c: WeightsChange): ArrayBuffer {
  if (c.op === 'resize') {
    const out = new Uint8Array(Math.max(0, weights.byteLength + c.bytes));
    out.set(new Uint8Array(weights).subarray(0, out.length));
    return out.buffer;
  }
  const values = new Float32Array(weights.slice(0));
  if (c.op === 'poke') values[c.index % values.length] = c.value;
  if (c.op === 'fill') values.fill(c.value);
  return values.buffer;
}

const hostileWeightsFile = fc.oneof(
  fc.constantFrom('weights.bin', 'sub/w.bin', '../weights.bin', '../../x/weights.bin', '/weights.bin', 'http://evil.example/w.bin', '//evil.example/w.bin', '\\\\evil.example\\w.bin', '%2e%2e/w.bin', 'a/../../w.bin', './w.bin', '.', '', '?x', '#x', 'w.bin?x=1', 'C:\\w.bin', 'javascript:alert(1)'),
  hostileText.filter((t) => t.length < 300),
);

/** A manifest whose tokenizer alphabet or one model dimension is replaced: the few fields the uniform mutations below seldom reach. */
const changedHeader = fc.oneof(
  hostileText.map((alphabet) => ({ ...structuredClone(manifest), tokenizer: { kind: 'char', alphabet } })),
  fc.tuple(fc.constantFrom('vocabSize', 'contextLength', 'nLayer', 'nHead', 'dModel', 'dFF', 'positional'), fc.oneof(fc.integer({ min: -1, max: 64 }), hostileJson)).map(([k, v]) => {
    const m = structuredClone(manifest) as { modelConfig: Record<string, unknown> };
    m.modelConfig[k] = v;
    return m;
  }),
);

/** A manifest changed in one to three places, sometimes with its weightsFile set to a hostile name. */
const hostileManifest = fc.tuple(
  fc.oneof({ arbitrary: mutated(() => structuredClone(manifest), [...keysOf(manifest), 'weightsFile']), weight: 3 }, { arbitrary: changedHeader, weight: 1 }),
  fc.option(hostileWeightsFile, { freq: 3 }),
).map(([m, weightsFile]) => (weightsFile !== null && m !== null && typeof m === 'object' ? { ...m, weightsFile } : m));

/** What a loaded checkpoint must hold for the model to use it. */
function checkLoaded(c: LoadedCheckpoint): void {
  expect(c.tokenizer.vocabSize).toBe(c.config.vocabSize);
  for (const name of paramNames(c.config)) {
    const data = c.weights.get(name)!;
    expect(data.length, name).toBe(paramShape(c.config, name).reduce((a, b) => a * b, 1));
    expect(data.every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_ABS_WEIGHT), name).toBe(true);
  }
}

const isCheckpointError = (e: unknown) => e instanceof CheckpointError;
const CHECKPOINT_MESSAGE = /^(checkpoint|weight|could not fetch)/;

describe('fuzz: checkpoints', () => {
  it('fetchCheckpoint loads a usable checkpoint or refuses it by name, and never fetches outside the folder', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileManifest, fc.constant(null).map(() => structuredClone(manifest))), weightsChange, async (m, change) => {
        const requested: string[] = [];
        const body = changedWeights(change);
        vi.stubGlobal('fetch', async (input: string | URL) => {
          const url = String(input);
          requested.push(url);
          if (!url.startsWith(BASE)) return new Response('not found', { status: 404, statusText: 'Not Found' });
          if (url === `${BASE}manifest.json`) return new Response(JSON.stringify(m) ?? 'undefined', { headers: { 'content-type': 'application/json' } });
          return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
        });
        const r = await tally.attemptAsync(() => fetchCheckpoint(BASE), isCheckpointError);
        expect(requested.every((u) => u.startsWith(BASE)), requested.join(' ')).toBe(true);
        if (r.ok) checkLoaded(r.value);
        else expect(r.error.message).toMatch(CHECKPOINT_MESSAGE);
      }),
      fuzzOptions(500),
    );
  });

  it('decodeCheckpoint takes any JSON as a manifest and any bytes as weights without throwing anything but a CheckpointError', () => {
    const anyBytes = fc.uint8Array({ maxLength: 64 }).map((b) => b.buffer as ArrayBuffer);
    fc.assert(
      fc.property(fc.oneof(hostileManifest, fc.jsonValue({ maxDepth: 3 })), fc.oneof(weightsChange.map(changedWeights), anyBytes), (m, buffer) => {
        const r = tally.attempt(() => decodeCheckpoint(m, buffer), isCheckpointError);
        if (r.ok) checkLoaded(r.value);
        else expect(r.error.message).toMatch(CHECKPOINT_MESSAGE);
      }),
      fuzzOptions(500),
    );
  });
});
