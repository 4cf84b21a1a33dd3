import { LOSS_TYPES, type LossType } from '../../core/config';
import { clippedSurrogate, clippedSurrogateGrad, isClipped, tokenWeights } from '../../core/grpo';
import type { SampleRecord, StepSamples } from '../../core/grpo/metrics';

/**
 * What one token of a training step contributed to the update, with the trainer's own pure
 * functions: the advantage A, the ratio r = π_θ/π_old (1 in the first of μ updates), the clip
 * range, and the token weight w that the loss type's normaliser gives it (tokenWeights). Its
 * signed contribution A·w·r is the weight on ∇ log π of this token: positive is reinforced,
 * negative suppressed, and zero where the clip switched the gradient off.
 */
export interface ClipSettings {
  epsilon: number;
  epsilonHigh: number;
}

export interface TokenView {
  /** The character this token writes, or a label for a special token. */
  text: string;
  special: boolean;
  ratio: number;
  clipped: boolean;
  /** A·w·r, or 0 when clipped; null for a sample the update did not use. */
  contribution: number | null;
}

const SPECIAL_LABELS = ['<pad>', '<bos>', '<eos>'];
const SPECIALS = SPECIAL_LABELS.length;

/** Pairs each completion token with its character: the tokenizer writes one character per non-special token. */
export function tokenTexts(sample: Pick<SampleRecord, 'text' | 'tokens'>): { text: string; special: boolean }[] {
  const chars = [...sample.text];
  let c = 0;
  return sample.tokens.map((id) => {
    if (id < SPECIALS) return { text: SPECIAL_LABELS[id] ?? `<${id}>`, special: true };
    const ch = chars[c++] ?? '?';
    return { text: ch, special: false };
  });
}

export function tokenViews(sample: SampleRecord, clip: ClipSettings): TokenView[] {
  const texts = tokenTexts(sample);
  return texts.map((t, i) => {
    const ratio = sample.ratios?.[i] ?? 1;
    const clipped = sample.ratios ? isClipped(Math.log(ratio), sample.advantage, clip.epsilon, clip.epsilonHigh) : false;
    const aw = sample.advantage * sample.tokenWeight;
    // Injected (off-policy) tokens have no ratio to an old policy and no clip.
    const contribution = !sample.kept ? null : sample.offPolicy ? aw : clipped ? 0 : aw * ratio;
    return { ...t, ratio, clipped, contribution };
  });
}

export interface LossTermRow {
  lossType: LossType;
  /** The normaliser as a formula and as numbers. */
  normaliser: string;
  weight: number;
  /** Per-token clipped surrogate ℓ = −min(r·A, clip(r, 1−ε, 1+ε_high)·A). */
  perToken: number;
  /** w·ℓ: this token's share of the step's loss. */
  term: number;
  /** d(w·ℓ)/d log π of this token: 0 when clipped. */
  gradient: number;
}

export interface TokenLossBreakdown {
  advantage: number;
  ratio: number;
  logRatio: number;
  clipLow: number;
  clipHigh: number;
  clipped: boolean;
  kept: boolean;
  offPolicy: boolean;
  length: number;
  /** Samples of the step that the update used (the N of the normalisers). */
  sequences: number;
  totalTokens: number;
  maxCompletionLength: number;
  rows: LossTermRow[];
}

/** Every (group, sample) of the step the update used, in the trainer's row order. */
function usedSamples(step: StepSamples): SampleRecord[] {
  return step.groups.flatMap((g) => g.samples.filter((s) => s.kept && s.length > 0));
}

/** The selected token's loss term under grpo, dapo and dr_grpo, side by side. */
export function tokenLossBreakdown(step: StepSamples, group: number, index: number, token: number, clip: ClipSettings, maxCompletionLength: number): TokenLossBreakdown {
  const sample = step.groups[group]?.samples[index];
  if (!sample) throw new Error(`no sample ${group}.${index} in step ${step.step}`);
  const used = usedSamples(step);
  const row = used.indexOf(sample);
  const lengths = used.map((s) => s.length);
  const ratio = sample.ratios?.[token] ?? 1;
  const logRatio = Math.log(ratio);
  const A = sample.advantage;
  const perToken = clippedSurrogate(logRatio, A, clip.epsilon, clip.epsilonHigh);
  const gradPerToken = clippedSurrogateGrad(logRatio, A, clip.epsilon, clip.epsilonHigh);
  const N = used.length;
  const total = lengths.reduce((a, b) => a + b, 0);
  const rows = LOSS_TYPES.map((lossType): LossTermRow => {
    const w = row >= 0 ? tokenWeights(lengths, lossType, maxCompletionLength)[row] : 0;
    const normaliser =
      lossType === 'grpo' ? `1/(N·|o|) = 1/(${N}·${sample.length})` : lossType === 'dapo' ? `1/Σ|o| = 1/${total}` : `1/(N·L) = 1/(${N}·${maxCompletionLength})`;
    return { lossType, normaliser, weight: w, perToken, term: w * perToken, gradient: w * gradPerToken };
  });
  return {
    advantage: A,
    ratio,
    logRatio,
    clipLow: 1 - clip.epsilon,
    clipHigh: 1 + clip.epsilonHigh,
    clipped: isClipped(logRatio, A, clip.epsilon, clip.epsilonHigh),
    kept: sample.kept,
    offPolicy: sample.offPolicy,
    length: sample.length,
    sequences: N,
    totalTokens: total,
    maxCompletionLength,
    rows,
  };
}
