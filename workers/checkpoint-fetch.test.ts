import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointError, encodeCheckpoint } from '../src/core/model/checkpoint';
import { Policy } from '../src/core/model/policy';
import { CharTokenizer } from '../src/core/model/tokenizer';
import { fetchCheckpoint } from './checkpoint-fetch';

const BASE = 'http://lab.test/checkpoints/tiny/';

/** Serves `files` (name → body) under BASE; anything else is a 404. */
function serve(files: Record<string, { body: BodyInit; type?: string }>): void {
  vi.stubGlobal('fetch', async (input: string | URL) => {
    const url = String(input);
    const file = url.startsWith(BASE) ? files[url.slice(BASE.length)] : undefined;
    if (!file) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(file.body, { status: 200, headers: { 'content-type': file.type ?? 'application/octet-stream' } });
  });
}

async function tinyCheckpoint(): Promise<{ manifest: string; weights: ArrayBuffer }> {
  const tokenizer = new CharTokenizer();
  const config = { vocabSize: tokenizer.vocabSize, contextLength: 16, nLayer: 1, nHead: 2, dModel: 8, dFF: 16, positional: 'rope' as const };
  const policy = Policy.init(config, tokenizer, 1);
  const { manifest, weights } = encodeCheckpoint(config, tokenizer, await policy.weights(), { script: 'test' });
  policy.dispose();
  return { manifest: JSON.stringify(manifest), weights };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchCheckpoint', () => {
  it('loads a folder with manifest.json and weights.bin', async () => {
    const { manifest, weights } = await tinyCheckpoint();
    serve({ 'manifest.json': { body: manifest, type: 'application/json' }, 'weights.bin': { body: weights } });
    const ckpt = await fetchCheckpoint(BASE.slice(0, -1)); // the trailing slash is optional
    expect(ckpt.config.dModel).toBe(8);
    expect(ckpt.manifest.provenance).toEqual({ script: 'test' });
  });

  it('names the missing manifest', async () => {
    serve({});
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(`checkpoint file is missing: ${BASE}manifest.json (HTTP 404)`);
  });

  it('names the missing weights file', async () => {
    const { manifest } = await tinyCheckpoint();
    serve({ 'manifest.json': { body: manifest, type: 'application/json' } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(`checkpoint file is missing: ${BASE}weights.bin (HTTP 404)`);
  });

  it('treats an HTML page in place of a file as missing', async () => {
    serve({ 'manifest.json': { body: '<!doctype html><title>app</title>', type: 'text/html' } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow('the server answered with an HTML page');
  });

  it('says when the manifest is not JSON, or not a checkpoint manifest', async () => {
    serve({ 'manifest.json': { body: '{"format": ', type: 'application/json' } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(/manifest\.json is not valid JSON/);
    serve({ 'manifest.json': { body: '{"format": "other"}', type: 'application/json' } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(/checkpoint manifest is not valid: format/);
  });

  it('says when the weights are truncated', async () => {
    const { manifest, weights } = await tinyCheckpoint();
    serve({ 'manifest.json': { body: manifest, type: 'application/json' }, 'weights.bin': { body: weights.slice(0, 400) } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(/truncated/);
  });

  // Each would fetch weights from outside the checkpoint's folder: another site, the site's root, a sibling folder.
  it.each(['../other/weights.bin', '/weights.bin', 'http://evil.example/weights.bin', '//evil.example/weights.bin', 'sub/../../weights.bin', '\\\\evil.example\\w.bin', ''])('refuses a manifest whose weightsFile is %j, fetching nothing', async (weightsFile) => {
    const { manifest, weights } = await tinyCheckpoint();
    const fetched: string[] = [];
    serve({ 'manifest.json': { body: JSON.stringify({ ...JSON.parse(manifest), weightsFile }), type: 'application/json' }, 'weights.bin': { body: weights } });
    const served = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string | URL) => (fetched.push(String(input)), served(input)));
    await expect(fetchCheckpoint(BASE)).rejects.toThrow('weightsFile must name a file in the checkpoint folder');
    expect(fetched).toEqual([`${BASE}manifest.json`]);
  });

  it('loads weights from a file below the checkpoint folder', async () => {
    const { manifest, weights } = await tinyCheckpoint();
    serve({ 'manifest.json': { body: JSON.stringify({ ...JSON.parse(manifest), weightsFile: 'parts/w.bin' }), type: 'application/json' }, 'parts/w.bin': { body: weights } });
    expect((await fetchCheckpoint(BASE)).config.dModel).toBe(8);
  });

  it.each([
    ['3e38', 3e38, /beyond the sane bound ±10000/],
    ['-1e5', -1e5, /holds -100000 at index 5, beyond the sane bound ±10000/],
    ['NaN', NaN, /contains non-finite values \(NaN at index 5\)/],
    ['Infinity', Infinity, /contains non-finite values \(Infinity at index 5\)/],
  ])('refuses weights holding %s', async (_what, value, message) => {
    const { manifest, weights } = await tinyCheckpoint();
    const values = new Float32Array(weights.slice(0));
    values[5] = value;
    serve({ 'manifest.json': { body: manifest, type: 'application/json' }, 'weights.bin': { body: values.buffer } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(message);
  });

  it('refuses a checkpoint whose every weight is 3e38 (it loaded, and sampled nothing but "(empty)")', async () => {
    const { manifest, weights } = await tinyCheckpoint();
    serve({ 'manifest.json': { body: manifest, type: 'application/json' }, 'weights.bin': { body: new Float32Array(weights.byteLength / 4).fill(3e38).buffer } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(/^weight \S+ holds 3\.\d+e\+38 at index 0, beyond the sane bound ±10000$/);
  });

  it('refuses a manifest whose alphabet repeats a character as a CheckpointError that names the field', async () => {
    // Found by the fuzz suite: the tokenizer's plain Error escaped, so the message did not say which file was wrong.
    const { manifest, weights } = await tinyCheckpoint();
    const m = JSON.parse(manifest) as { tokenizer: { alphabet: string } };
    m.tokenizer.alphabet = `${m.tokenizer.alphabet.slice(0, -1)}0`;
    serve({ 'manifest.json': { body: JSON.stringify(m), type: 'application/json' }, 'weights.bin': { body: weights } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(CheckpointError);
    await expect(fetchCheckpoint(BASE)).rejects.toThrow('checkpoint manifest is not valid: tokenizer.alphabet: tokenizer alphabet repeats "0"');
  });

  it('refuses a manifest that lists a weight twice', async () => {
    const { manifest, weights } = await tinyCheckpoint();
    const m = JSON.parse(manifest) as { weights: unknown[] };
    m.weights.push(m.weights[0]);
    serve({ 'manifest.json': { body: JSON.stringify(m), type: 'application/json' }, 'weights.bin': { body: weights } });
    await expect(fetchCheckpoint(BASE)).rejects.toThrow(/checkpoint manifest lists weight \S+ twice/);
  });
});
