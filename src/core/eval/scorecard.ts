import { assertFinite } from './checks';

/**
 * The small pieces of Table 1's scorecard: deltas relative to the original setting (the
 * "5.26↓" subscripts of the 8K and noise columns) and best / second-best marks.
 */

/** `other − base`: negative when e.g. an output-length cap or prompt noise costs score. */
export function scoreDelta(base: number, other: number): number {
  assertFinite([base, other], 'scoreDelta');
  return other - base;
}

/** A delta as the paper prints it: magnitude then arrow ("5.26↓", "1.20↑"); no arrow when it rounds to zero. */
export function formatDelta(delta: number, digits = 2): string {
  assertFinite([delta], 'formatDelta');
  const magnitude = Math.abs(delta).toFixed(digits);
  if (Number(magnitude) === 0) return magnitude;
  return `${magnitude}${delta < 0 ? '↓' : '↑'}`;
}

export type RankMark = 'best' | 'second' | null;

/**
 * Table 1 bolds the best score of a column and underlines the second best. Ties share a mark, and
 * "second" is the next distinct value below the best, so two tied winners leave room for a second.
 */
export function rankMarks(scores: readonly number[]): RankMark[] {
  assertFinite(scores, 'rankMarks');
  const distinct = [...new Set(scores)].sort((a, b) => b - a);
  return scores.map((s) => (s === distinct[0] ? 'best' : s === distinct[1] ? 'second' : null));
}
