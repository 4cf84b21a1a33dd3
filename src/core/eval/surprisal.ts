import { assertFinite, assertNonEmpty } from './checks';

/**
 * The entropy readout of a scorecard column: the mean surprisal −log π(token) of the tokens a
 * policy sampled, in nats per token. The surprisal of a token drawn from a distribution q, scored
 * under p, has expectation H(q, p), the cross-entropy; with q = p it is the entropy H(p). The
 * sampler draws from the tempered distribution p_T = softmax(logits / T) truncated to its top-p
 * nucleus (mass M, renormalised: q = p_T / M there) and scores under p_T untruncated, so the mean
 * estimates H(q, p_T) = H(q) + log(1 / M): at top-p 1 exactly the entropy of p_T along the sampled
 * paths, and above the entropy of what was drawn by log(1 / M) otherwise. Either way, lower means
 * a more concentrated policy. Greedy decoding samples nothing, so it has no such readout.
 *
 * Token-weighted: Σ surprisal / Σ tokens over every sample, so a long completion counts by its
 * tokens (the per-token entropy of the training metrics, trainer.ts, is weighted the same way); a
 * mean of per-sample means would let short completions count as much as long ones.
 */
export interface SurprisalMean {
  /** Mean −log π(token) over the sampled tokens, nats. */
  nats: number;
  /** The tokens it averages: every sample's completion tokens, EOS included. */
  tokens: number;
}

/**
 * The token-weighted mean surprisal of a suite's samples: `sums[problem][run]` is Σ −log π over
 * that sample's tokens and `tokens[problem][run]` their count (SuiteResult's surprisal and lengths).
 */
export function meanSurprisal(sums: readonly (readonly number[])[], tokens: readonly (readonly number[])[]): SurprisalMean {
  assertNonEmpty(sums, 'meanSurprisal', 'the list of problems');
  if (tokens.length !== sums.length || tokens.some((row, p) => row.length !== sums[p].length)) throw new Error('meanSurprisal: sums and token counts must have the same shape');
  let total = 0;
  let count = 0;
  sums.forEach((row, p) => {
    if (row.length === 0) throw new Error(`meanSurprisal: problem ${p} has zero runs`);
    assertFinite(row, 'meanSurprisal');
    row.forEach((s, r) => {
      const n = tokens[p][r];
      if (!Number.isInteger(n) || n < 1) throw new Error(`meanSurprisal: problem ${p} run ${r} has ${n} tokens; every sample has at least one`);
      total += s;
      count += n;
    });
  });
  return { nats: total / count, tokens: count };
}

/** Several columns' means as one, weighted by their tokens (a group of columns, as the report and the summary read it). */
export function pooledSurprisal(parts: readonly SurprisalMean[]): SurprisalMean {
  if (parts.length === 0) throw new Error('pooledSurprisal: nothing to pool');
  const tokens = parts.reduce((a, p) => a + p.tokens, 0);
  return { nats: parts.reduce((a, p) => a + p.nats * p.tokens, 0) / tokens, tokens };
}

/** Why a column has no entropy readout. */
export const GREEDY_HAS_NO_ENTROPY = 'greedy decoding samples nothing';
