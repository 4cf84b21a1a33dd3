import type { SampleFilter } from '../config';

/**
 * Which samples the update keeps (Section 3.1): `both` keeps every sample, `positive` only A > 0,
 * `negative` only A < 0. The advantages must already be computed on the whole group — the
 * ablation removes samples after advantage estimation so the kept samples' advantages are exactly
 * those of standard GRPO. Zero-advantage samples are dropped by both one-sided filters; under
 * `both` they are kept (they carry no policy gradient but still count in the loss normalisation).
 */
export function sampleFilterMask(advantages: number[][], filter: SampleFilter): boolean[][] {
  switch (filter) {
    case 'both':
      return advantages.map((group) => group.map(() => true));
    case 'positive':
      return advantages.map((group) => group.map((a) => a > 0));
    case 'negative':
      return advantages.map((group) => group.map((a) => a < 0));
    default: {
      const never: never = filter;
      throw new Error(`sampleFilterMask: unknown filter ${String(never)}`);
    }
  }
}
