import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../core/config';
import { FuzzTally, fuzzOptions, hostileCheckpointQuery, hostileQuery } from '../testing/fuzz';
import { validateDraft } from './form/draft';
import { parsePageParams } from './params';
import { encodeUrlState, parseUrlState, type UrlState } from './url-state';

/**
 * Fuzz: any link, however hostile, gives the page a state and a list of problems, never a throw;
 * the state is one the page can write back as a link that reads the same with no problems.
 */
const ORIGIN = 'http://localhost:4178';
/** The longest problem line: the longest message (the preset list) with an input quoted in 80 characters. */
const MAX_PROBLEM_LENGTH = 400;
const urlTally = new FuzzTally('links → parseUrlState');
const pageTally = new FuzzTally('links → parsePageParams');

afterAll(() => {
  console.log(urlTally.line());
  console.log(pageTally.line());
});

/** What a state means, as the page uses it: the view and hidden controls exactly, the draft as the config it validates to. */
function meaning(state: UrlState): unknown {
  const v = validateDraft(state.draft);
  return { view: state.view, hidden: [...state.hidden].sort(), draft: v.ok ? { config: v.config } : { errors: v.errors } };
}

describe('fuzz: links', () => {
  it('parseUrlState never throws, lists its problems as text, and its state round-trips through a link', () => {
    fc.assert(
      fc.property(hostileQuery, (query) => {
        // A bad value is a problem line (counted as refused) and the rest of the link applies.
        const r = urlTally.attempt(() => parseUrlState(query), () => false, (p) => p.problems.length > 0);
        if (!r.ok) return;
        const { state, problems } = r.value;
        expect(problems.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
        // A problem quotes the link, it does not repeat it: a 200,000-character value is cut.
        expect(Math.max(0, ...problems.map((p) => p.length))).toBeLessThanOrEqual(MAX_PROBLEM_LENGTH);
        const link = encodeUrlState(state);
        const again = parseUrlState(`?${link}`);
        expect(again.problems, link).toEqual([]);
        expect(encodeUrlState(again.state)).toBe(link);
        expect(meaning(again.state)).toEqual(meaning(state));
      }),
      fuzzOptions(1000),
    );
  });

  it('parsePageParams never throws: a backend it knows and a checkpoint folder on this origin, or the problems', () => {
    const query = fc.oneof(hostileQuery, hostileCheckpointQuery);
    fc.assert(
      fc.property(query, (q) => {
        const r = pageTally.attempt(() => parsePageParams(q, ORIGIN), () => false, (p) => !p.ok);
        if (!r.ok) return;
        if (!r.value.ok) {
          expect(r.value.problems.length).toBeGreaterThan(0);
          expect(r.value.problems.every((p) => typeof p === 'string' && p.length > 0 && p.length <= MAX_PROBLEM_LENGTH)).toBe(true);
          return;
        }
        const { backend, checkpointUrl } = r.value.params;
        expect(BACKENDS).toContain(backend);
        const url = new URL(checkpointUrl);
        expect(url.origin).toBe(ORIGIN);
        expect(checkpointUrl.endsWith('/') && url.search === '' && url.hash === '').toBe(true);
      }),
      fuzzOptions(1000),
    );
  });
});
