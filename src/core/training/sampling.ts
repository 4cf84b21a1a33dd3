import type { Policy } from '../model/policy';
import type { Problem } from '../tasks/problems';
import { isCorrect } from '../tasks/verifier';

/**
 * Samples `runs` completions for every problem of a suite in one batched pass (all runs of all
 * problems decoded together, in chunks) and verifies them. `correct[problem][run]` feeds the
 * metrics of ../eval. Temperature 0 is greedy decoding.
 */
export interface SuiteSampling {
  runs: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
  seed: number;
  batchSize?: number;
  /** Keep the texts (for inspection); off by default to save memory on large studies. */
  keepTexts?: boolean;
  /** Called with 0 before the first batch (so a study names the suite it is on at once), then after each batch. */
  onProgress?: (done: number, total: number) => void;
}

export interface SuiteResult {
  correct: boolean[][];
  /** Completion tokens of each sample, EOS included: the count that `surprisal` sums over. */
  lengths: number[][];
  /**
   * Σ −log π(token) over each sample's tokens, in nats, π being the distribution the sampler
   * scores tokens under (sampler.ts: softmax(logits / T) before top-p truncation; T = 1 when
   * greedy). Divided by `lengths` it is the sample's mean surprisal (eval/surprisal.ts).
   */
  surprisal: number[][];
  texts?: string[][];
}

export async function sampleSuite(policy: Policy, problems: readonly Problem[], opts: SuiteSampling): Promise<SuiteResult> {
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`runs must be a positive integer, got ${opts.runs}`);
  // Run-major order: run r of every problem, then run r + 1, so a prefix of runs is a valid sub-study.
  const prompts: string[] = [];
  for (let r = 0; r < opts.runs; r++) for (const p of problems) prompts.push(p.prompt);
  opts.onProgress?.(0, prompts.length);
  const out = await policy.sample(prompts, {
    temperature: opts.temperature,
    topP: opts.topP,
    maxNewTokens: opts.maxNewTokens,
    seed: opts.seed,
    batchSize: opts.batchSize ?? 256,
    onChunk: opts.onProgress,
  });
  const correct = problems.map(() => [] as boolean[]);
  const lengths = problems.map(() => [] as number[]);
  const surprisal = problems.map(() => [] as number[]);
  const texts = opts.keepTexts ? problems.map(() => [] as string[]) : undefined;
  out.forEach((s, k) => {
    const i = k % problems.length;
    correct[i].push(isCorrect(s.text, problems[i].answer));
    lengths[i].push(s.tokens.length);
    surprisal[i].push(-s.logprobs.reduce((a, b) => a + b, 0));
    texts?.[i].push(s.text);
  });
  return { correct, lengths, surprisal, ...(texts ? { texts } : {}) };
}
