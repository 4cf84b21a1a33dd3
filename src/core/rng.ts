import seedrandom from 'seedrandom';

/** Serialisable state of an {@link Rng}, stored in checkpoints so a resumed run draws the same numbers. */
export type RngState = seedrandom.State.Alea;

/** The largest seed: every seed knob accepts [0, MAX_SEED], the 31-bit range Rng.seed and deriveSeed draw from. */
export const MAX_SEED = 2 ** 31 - 1;

/**
 * A seeded random source. Everything random in the lab takes one of these, so the same seed
 * (and the same TF.js backend) gives the same numbers.
 */
export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<RngState>;

  constructor(seed: number | string, state?: RngState) {
    this.prng = seedrandom.alea(String(seed), { state: state ?? true });
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.prng() * items.length)];
  }

  /** A fresh 31-bit seed, for handing an independent stream to a sub-task. */
  seed(): number {
    return Math.floor(this.prng() * MAX_SEED);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** k distinct indices from [0, n), in random order. */
  sampleIndices(n: number, k: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.min(k, n));
  }

  state(): RngState {
    return this.prng.state();
  }
}

/** Derives a stable 31-bit seed from a base seed and a label (FNV-1a), so sub-streams never collide by accident. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MAX_SEED;
}
