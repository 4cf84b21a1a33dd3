import { describe, expect, it } from 'vitest';
import { parsePageParams } from './params';

const ORIGIN = 'http://localhost:4173';

describe('parsePageParams', () => {
  it('defaults to the auto backend and the shipped base checkpoint', () => {
    expect(parsePageParams('', ORIGIN)).toEqual({ ok: true, params: { backend: 'auto', checkpointUrl: `${ORIGIN}/checkpoints/base/` } });
  });

  it('takes a backend and a checkpoint folder on this site', () => {
    expect(parsePageParams('?backend=wasm&checkpoint=/checkpoints/other', ORIGIN)).toEqual({
      ok: true,
      params: { backend: 'wasm', checkpointUrl: `${ORIGIN}/checkpoints/other/` },
    });
  });

  it('refuses an unknown backend, naming the valid ones and the bad value', () => {
    const r = parsePageParams('?backend=foo', ORIGIN);
    expect(r).toEqual({ ok: false, problems: ['backend must be one of auto, webgpu, webgl, wasm, cpu (got "foo")'] });
  });

  it.each(['https://example.com/ckpt/', '//example.com/ckpt/', 'checkpoints/base/', '/ckpt/?x=1'])('refuses the checkpoint %s (not a folder on this site)', (checkpoint) => {
    const r = parsePageParams(`?checkpoint=${encodeURIComponent(checkpoint)}`, ORIGIN);
    expect(r.ok).toBe(false);
  });

  // Each passes the pattern (one leading '/', no '?' or '#') but the URL parser turns it into another host.
  it.each(['/\\evil.example/', '/\\/evil.example/', '/\t/evil.example/', '/\n/evil.example/', '/\r/evil.example/x'])('refuses the checkpoint %j, which resolves to another origin', (checkpoint) => {
    const r = parsePageParams(`?checkpoint=${encodeURIComponent(checkpoint)}`, ORIGIN);
    expect(r).toEqual({ ok: false, problems: [expect.stringContaining('checkpoint must be a folder on this site')] });
  });

  it('reads %5C in a link as the backslash it is and refuses it', () => {
    expect(parsePageParams('?checkpoint=/%5Cevil.example/', ORIGIN)).toEqual({ ok: false, problems: ['checkpoint must be a folder on this site, such as /checkpoints/base/ ("/\\\\evil.example/" leads to http://evil.example)'] });
  });

  it('refuses a checkpoint path the URL parser cannot read (/\\ has no host), instead of throwing', () => {
    // Found by the fuzz suite: new URL('/\\/', origin) throws, and the page stayed on "Starting GRPO Lab…".
    for (const checkpoint of ['/%5C', '/%5C/', '/%5C%40/', '/%5C:99999/', '/%09/']) {
      expect(parsePageParams(`?checkpoint=${checkpoint}`, ORIGIN), checkpoint).toEqual({ ok: false, problems: [expect.stringMatching(/^checkpoint must be a folder on this site, such as \/checkpoints\/base\/ \(".*" is not a URL path\)$/)] });
    }
  });

  it('quotes a huge backend or checkpoint in its problem cut short', () => {
    const huge = 'x'.repeat(100_000);
    expect(parsePageParams(`?backend=${huge}`, ORIGIN)).toEqual({ ok: false, problems: [expect.stringMatching(/^backend must be one of auto, .* \(got "x{78}…\)$/)] });
    // '/\' + a long name reads as a host of that name: both the folder and the origin it leads to are cut.
    expect(parsePageParams(`?checkpoint=/%5C${huge}/`, ORIGIN)).toEqual({ ok: false, problems: [expect.stringMatching(/^checkpoint must be a folder on this site, such as \/checkpoints\/base\/ \("\/\\\\x{75}… leads to http:\/\/x{72}…\)$/)] });
  });

  it('ignores parameters it does not know', () => {
    expect(parsePageParams('?utm_source=x', ORIGIN).ok).toBe(true);
  });
});
