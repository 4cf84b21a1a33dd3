export interface GreedyFlips {
  /** Indices of problems whose greedy correctness changed, ascending. */
  flipped: number[];
  /** Problems wrong before and right after. */
  wrongToRight: number;
  /** Problems right before and wrong after. */
  rightToWrong: number;
}

/**
 * Section 5.3 / Figure 5(c)–(d): greedy decoding makes an uncertain problem look certain, yet a
 * small disruption (one training step) flips it. Compares greedy correctness per problem before
 * and after such a disruption.
 */
export function greedyFlips(before: readonly boolean[], after: readonly boolean[]): GreedyFlips {
  if (before.length !== after.length) {
    throw new Error(`greedyFlips: before has ${before.length} problems but after has ${after.length}`);
  }
  const flipped: number[] = [];
  let wrongToRight = 0;
  let rightToWrong = 0;
  before.forEach((was, i) => {
    if (was === after[i]) return;
    flipped.push(i);
    if (was) rightToWrong++;
    else wrongToRight++;
  });
  return { flipped, wrongToRight, rightToWrong };
}
