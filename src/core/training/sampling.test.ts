import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { buildSuite } from '../tasks/suites';
import { meanSurprisal } from '../eval/surprisal';
import { sampleSuite } from './sampling';

/**
 * What sampleSuite's surprisal is: Σ −log π(token) of each sample's tokens as the sampler scored
 * them (softmax(logits / T) before top-p truncation), counted by `lengths`. On a tiny random policy.
 */
const tokenizer = new CharTokenizer();
const config = { vocabSize: tokenizer.vocabSize, contextLength: 512, nLayer: 1, nHead: 2, dModel: 8, dFF: 16, positional: 'rope' as const };
const problems = buildSuite('in-30', { shots: 0 }).slice(0, 3);
const opts = { runs: 2, temperature: 1, topP: 1, maxNewTokens: 12, seed: 5, batchSize: 64 };

describe('sampleSuite surprisal', () => {
  it("is minus the sum of each sample's token logprobs, in the run-major order of correct and lengths", async () => {
    const policy = Policy.init(config, tokenizer, 3);
    try {
      const res = await sampleSuite(policy, problems, opts);
      const prompts = [0, 1].flatMap(() => problems.map((p) => p.prompt));
      const direct = await policy.sample(prompts, opts);
      direct.forEach((s, k) => {
        const i = k % problems.length;
        const r = Math.floor(k / problems.length);
        expect(res.lengths[i][r]).toBe(s.tokens.length);
        expect(res.surprisal[i][r]).toBeCloseTo(-s.logprobs.reduce((a, b) => a + b, 0), 9);
      });
      expect(res.surprisal.flat().every((x) => x > 0)).toBe(true);
      expect(res).not.toHaveProperty('texts');
    } finally {
      policy.dispose();
    }
  });

  it('is scored under the untruncated distribution: a nucleus of one token still has a positive surprisal, the greedy one at T = 1', async () => {
    const policy = Policy.init(config, tokenizer, 3);
    try {
      // top-p 0.01 keeps only the most likely token, so it draws what greedy picks; the entropy of
      // what was drawn is 0, but the readout is −log p(top token) > 0, the same as greedy's at T = 1.
      const nucleus = await sampleSuite(policy, problems, { ...opts, topP: 0.01 });
      const greedy = await sampleSuite(policy, problems, { ...opts, temperature: 0 });
      expect(nucleus.lengths).toEqual(greedy.lengths);
      nucleus.surprisal.flat().forEach((x, i) => expect(x).toBeCloseTo(greedy.surprisal.flat()[i], 9));
      expect(meanSurprisal(nucleus.surprisal, nucleus.lengths).nats).toBeGreaterThan(0);
    } finally {
      policy.dispose();
    }
  });
});
