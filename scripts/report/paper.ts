/**
 * The paper's numbers that REPORT.md puts beside ours (DeepSeek-R1-Distill-Qwen-1.5B rows where
 * the paper has several models; DeepScaleR-1.5B for Tables 3, 4 and 7). Percentages as printed.
 */
export const PAPER = {
  table1: {
    // reasoning: AIME24, AMC23; fitness: AIME24 (8K), AMC23 (8K), Training Set.
    Orig: { reasoning: [28.8, 62.73], fitness: [19.22, 52.33, 54.54], generalisationAvg: 41.32, robustnessAvg: 38.45 },
    Both: { reasoning: [36.35, 71.07], fitness: [32.03, 68.11, 60.73], generalisationAvg: 44.92, robustnessAvg: 42.35 },
    Neg: { reasoning: [34.95, 68.77], fitness: [29.69, 64.01, 58.06], generalisationAvg: 46.1, robustnessAvg: 45.35 },
    Pos: { reasoning: [34.01, 69.48], fitness: [30.26, 67.07, 59.26], generalisationAvg: 44.07, robustnessAvg: 39.66 },
  } as Record<string, { reasoning: number[]; fitness: number[]; generalisationAvg: number; robustnessAvg: number }>,
  /** Table 2's AVG column, by schedule written with our stage letters. */
  table2: { Orig: 41.06, 'NP-NP-NP': 47.45, 'N-N-NP': 49.61, 'N-N-N': 49.01, 'N-N-N-P': 49.24 } as Record<string, number>,
  /** Table 6: AIME24, AMC23, AIME24 (8K), AMC23 (8K). */
  table6: {
    'Neg (GRPO)': [34.95, 68.77, 29.69, 64.01],
    'Pos (GRPO)': [34.01, 69.48, 30.26, 67.07],
    'Neg (Dr. GRPO)': [33.18, 68.34, 28.28, 64.1],
    'Pos (Dr. GRPO)': [33.65, 68.73, 29.95, 66.17],
  } as Record<string, number[]>,
  /** Effective data with 8 rollouts; the rest, 53.1 % and 72.9 %, has zero advantage. */
  figure2Effective: { 'DeepScaleR-40K': 46.9, 'OpenThought-114K': 27.1 },
  /** Table 3 averages over the four benchmarks: Pass@1, length, tokens saved. */
  table3: {
    Orig: { pass1: 62.83, length: 6057, saved: 0 },
    'cap 8K': { pass1: 62.69, length: 5719, saved: 5.6 },
    'RLR+cap 8K': { pass1: 62.05, length: 4492, saved: 25.8 },
    'cap 4K': { pass1: 62.55, length: 5597, saved: 7.6 },
    'RLR+cap 4K': { pass1: 60.77, length: 4839, saved: 20.1 },
  } as Record<string, { pass1: number; length: number; saved: number }>,
  table4Uncertain: { 'in-30': 40.0, 'in-83': 21.69, 'in-500': 7.2, 'in-675': 12.89 } as Record<string, number>,
  table7Gap: {
    'in-30': { 4: 6.67, 8: 2.08, 16: 3.96, 32: 1.35, 64: 0.78, 96: 1.08, 128: 0.81 },
    'in-83': { 4: 3.61, 8: 2.26, 16: 0.98, 32: 1.09, 64: 0.47, 96: 0.55, 128: 0.08 },
  } as Record<string, Record<number, number>>,
};

export const TAKEAWAYS: Record<string, string> = {
  '3.1': 'Models trained on both types of samples achieve the best final performance (both ≥ negative > positive), with positive samples aiding fitness (both ≥ positive > negative), and negative samples improving generalization (negative ≥ both > positive) and robustness (negative > both > positive).',
  '3.2': 'Even when trained only on negative samples, models can achieve comparable reasoning performance while exhibiting superior generalization and robustness.',
  '4.1': 'By introducing a length reward on low-difficulty data, RLR encourages models to reason efficiently while maintaining the original performance closely.',
  '4.2': 'While injecting offline correct solutions seems intuitive, it is still challenging for RL-trained models to learn from problems that go beyond their capacities.',
  '5.1': 'Unstable performance phenomenon widely exists, regardless of model size, training methods, and decoding temperature.',
  '5.2': 'It is the uncertain problems that make the performance scores unstable.',
  '5.3': 'Greedy search cannot faithfully reflect the performance. Conducting multiple runs with sampling-based generation strategies on large benchmarks can stabilize scores.',
};

/**
 * The claims, written down before the runs: each is a test on the paired difference A − B between
 * two arms at the same training seeds (or between an arm and a fixed threshold), and comes out
 * supported, contradicted or inconclusive (src/core/eval/verdicts.ts):
 * - `ordering` ("A beats B"): supported when the 95 % interval of A − B lies above 0;
 * - `non-inferiority` ("A ≥ B"): supported when the interval lies above −margin;
 * - `equivalence` ("A is comparable to B", "no clear gain"): supported when it lies inside ±margin;
 * - `difference` ("A misreports B"): the equivalence test turned round, supported when the interval
 *   lies wholly outside ±margin and contradicted when it lies wholly inside.
 * A takeaway is reproduced only if every claim it rests on is supported.
 */
export const MARGIN = 0.02;
/** Figure 2's setting: 8 rollouts per problem, sampled as the paper generates. */
export const FIGURE2_CENSUS = { temperature: 0.6, groupSize: 8 } as const;

/** "Several points" of the instability claims: two problems of a 30-problem suite are 6.7 points. */
export const GAP_THRESHOLD = 0.05;

/** What a side of a claim measures, per training seed: one value per problem, or one per seed. */
export type Measure =
  /** Per-problem accuracies of these scorecard columns, the problems of all of them in one table. */
  | { scorecard: string[] }
  /** Per-problem accuracies of these pass1 studies' suites, concatenated. */
  | { pass1: string[] }
  /** Per problem: pass@k at k = the runs per problem, of these scorecard columns (from their accuracies), in one table. */
  | { passAtK: string[] }
  /** Per seed: the mean surprisal of the tokens sampled on these scorecard columns, token-weighted (nats). */
  | { entropy: string[] }
  /** Per problem: the accuracy without the length cap minus with it (scorecard columns, pairwise). */
  | { capDrop: { uncapped: string[]; capped: string[] } }
  /** Per seed: 1 − (mean length over these pass1 suites) / (Orig's at the same seed). */
  | { tokensSaved: string[] }
  /** Per seed: the largest difference between two single runs of a pass1 suite. */
  | { runGap: string }
  /** Per seed: the share of a pass1 suite's problems with accuracy in [0.2, 0.8). */
  | { uncertain: string }
  /** Per seed: the largest difference between two single runs at temperature T (the sweep on in-30). */
  | { sweepGap: number }
  /** Per seed: the max gap between trials of the fewest or the most runs each (maxGap study). */
  | { trialGap: { suite: string; runs: 'fewest' | 'most' } }
  /** Per problem: greedy correctness (0/1) or the sampled accuracy, from the greedy study. */
  | { greedy: 'greedy' | 'sampled' }
  /** Per seed: the census's share of groups of G with a non-zero advantage, at one decoding. */
  | { census: { temperature: number; groupSize: number } };

export type Side = { arm: string; measure: Measure } | { constant: number };

export interface ClaimDef {
  text: string;
  test: 'ordering' | 'non-inferiority' | 'equivalence' | 'difference';
  /** The claim is about A − B. */
  a: Side;
  b: Side;
  margin?: number;
}

export interface SectionDef {
  id: string;
  title: string;
  preset: string;
  claims: ClaimDef[];
  /** Claims earlier reports made that could not fail, or were not the takeaway's; listed in REPORT.md. */
  dropped: { text: string; why: string }[];
}

const REASONING = ['in-30', 'in-83'];
const FITNESS = ['in-30 (short)', 'in-83 (short)', 'train-set'];
const OOD = ['ood-long-30', 'ood-words-83', 'ood-list-83', 'ood-paren-83'];
const NOISE = ['in-30-n1', 'in-83-n1', 'in-30-n2', 'in-83-n2'];
/** The suite that needs the strategy the SFT data under-represents: where Figure 1's account of negative samples is tested directly. */
const GAP = ['ood-big-83'];
export const SCORECARD_GROUPS_SHOWN = { reasoning: REASONING, fitness: FITNESS, generalisation: OOD, robustness: NOISE } as const;
export const TABLE3_SUITES = ['in-30', 'in-83', 'in-500', 'in-675'];

const sc = (arm: string, columns: string[]): Side => ({ arm, measure: { scorecard: columns } });
const beats = (text: string, a: Side, b: Side): ClaimDef => ({ text, test: 'ordering', a, b });
const atLeast = (text: string, a: Side, b: Side): ClaimDef => ({ text, test: 'non-inferiority', a, b, margin: MARGIN });
const comparable = (text: string, a: Side, b: Side): ClaimDef => ({ text, test: 'equivalence', a, b, margin: MARGIN });

const NNN = '64(N)-96(N)-160(N)';
const NPNPNP = '64(NP)-96(NP)-160(NP)';
const drop = (arm: string): Side => ({ arm, measure: { capDrop: { uncapped: REASONING, capped: ['in-30 (short)', 'in-83 (short)'] } } });
const orig = (measure: Measure): Side => ({ arm: 'Orig', measure });

export const SECTIONS: SectionDef[] = [
  {
    id: '3.1',
    title: 'Takeaway 3.1 — what positive and negative samples teach (Table 1, Figure 6)',
    preset: 'pos-neg',
    claims: [
      atLeast('final performance: Both ≥ Neg (reasoning: in-30 and in-83)', sc('Both', REASONING), sc('Neg', REASONING)),
      beats('final performance: Neg > Pos (reasoning)', sc('Neg', REASONING), sc('Pos', REASONING)),
      atLeast('fitness: Both ≥ Pos (capped in-30, in-83 and the problems trained on)', sc('Both', FITNESS), sc('Pos', FITNESS)),
      beats('fitness: Pos > Neg', sc('Pos', FITNESS), sc('Neg', FITNESS)),
      atLeast('generalisation: Neg ≥ Both (the four out-of-domain suites)', sc('Neg', OOD), sc('Both', OOD)),
      beats('generalisation: Both > Pos', sc('Both', OOD), sc('Pos', OOD)),
      // Figure 1's mechanism, on the skill π_data under-represents: π_neg stays diffuse and keeps it, π_pos concentrates on what the data shows most.
      beats('data–oracle gap: Neg > Pos on ood-big-83 (two-digit operands, a strategy rare in the SFT data)', sc('Neg', GAP), sc('Pos', GAP)),
      atLeast('data–oracle gap: Neg ≥ Both on ood-big-83', sc('Neg', GAP), sc('Both', GAP)),
      beats('robustness: Neg > Both (the four noisy-prompt suites)', sc('Neg', NOISE), sc('Both', NOISE)),
      beats('robustness: Both > Pos', sc('Both', NOISE), sc('Pos', NOISE)),
    ],
    dropped: [{ text: 'every RL arm improves on Orig in reasoning', why: 'not part of the takeaway, yet it alone decided a "partly reproduced"; any training at all passes it' }],
  },
  {
    id: '3.2',
    title: 'Takeaway 3.2 — negative-sample pre-training (Table 2)',
    preset: 'neg-pretrain',
    claims: [
      comparable('N-N-N reasons as well as NP-NP-NP (reasoning within ±2 points)', sc(NNN, REASONING), sc(NPNPNP, REASONING)),
      beats('N-N-N generalises better than NP-NP-NP', sc(NNN, OOD), sc(NPNPNP, OOD)),
      beats('N-N-N is more robust than NP-NP-NP', sc(NNN, NOISE), sc(NPNPNP, NOISE)),
    ],
    dropped: [{ text: 'N-N-NP has the best overall average of the schedules', why: 'not part of the takeaway; a best-of-four is a maximum over arms, which one paired interval does not test (the AVG column still shows it)' }],
  },
  {
    id: 'C.1',
    title: 'Table 6 — length bias: GRPO vs Dr. GRPO',
    preset: 'length-bias',
    claims: [
      beats('with GRPO, the training cap costs Neg more reasoning than Pos (drop = uncapped − capped at the cap it trained with, same problems)', drop('Neg (GRPO)'), drop('Pos (GRPO)')),
      beats('with Dr. GRPO too: no length normalisation, no std division (the trend survives removing the length bias)', drop('Neg (Dr. GRPO)'), drop('Pos (Dr. GRPO)')),
    ],
    dropped: [{ text: 'the same two orderings on differences of means with zero-width intervals', why: 'an interval of width 0 made any ordering "hold clearly"; the drops are now paired per problem and seed' }],
  },
  {
    id: '4.0',
    title: 'Figure 2 — how much of the data gives no gradient',
    preset: 'zero-advantage',
    claims: [beats('more than half of the groups of 8 rollouts give zero advantage at the paper\'s T = 0.6, top-p 0.95 (effective share < 50 %)', { constant: 0.5 }, orig({ census: FIGURE2_CENSUS }))],
    dropped: [],
  },
  {
    id: '4.1',
    title: 'Takeaway 4.1 — relative length reward (Table 3)',
    preset: 'rlr',
    claims: [96, 64].flatMap((cap) => [
      beats(`RLR+cap ${cap} saves more tokens than cap ${cap} alone (tokens saved against Orig, 4 suites)`, { arm: `RLR+cap ${cap}`, measure: { tokensSaved: TABLE3_SUITES } }, { arm: `cap ${cap}`, measure: { tokensSaved: TABLE3_SUITES } }),
      atLeast(`RLR+cap ${cap} keeps the Pass@1 of cap ${cap} (within 2 points; the 4 suites' problems)`, { arm: `RLR+cap ${cap}`, measure: { pass1: TABLE3_SUITES } }, { arm: `cap ${cap}`, measure: { pass1: TABLE3_SUITES } }),
    ]),
    dropped: [{ text: 'RLR+cap costs at most 2 points of Pass@1 against Orig', why: 'Orig is the untrained base, so the claim would measure what training with a cap does, not what RLR adds; the cost of RLR is measured against the cap arm it adds to' }],
  },
  {
    id: '4.2',
    title: 'Takeaway 4.2 — offline sample injection (Figure 3)',
    preset: 'injection',
    claims: ['injection', 'injection+LUFFY'].map((arm) => comparable(`${arm} gains nothing clear over continued training (final Pass@1 on in-30 within ±2 points)`, { arm, measure: { pass1: ['in-30'] } }, { arm: 'continued', measure: { pass1: ['in-30'] } })),
    dropped: [{ text: 'injection does not clearly beat continued training (intervals overlap)', why: 'overlapping intervals are an absence of evidence; "no clear gain" is now an equivalence test' }],
  },
  {
    id: '5.1',
    title: 'Takeaway 5.1 — evaluation scores are unstable (Figure 4)',
    preset: 'instability',
    claims: [
      beats('single runs of in-30 differ by more than 5 points (max gap)', orig({ runGap: 'in-30' }), { constant: GAP_THRESHOLD }),
      ...[0.6, 1].map((t) => beats(`at temperature ${t}, single runs of in-30 differ by more than 5 points`, orig({ sweepGap: t }), { constant: GAP_THRESHOLD })),
    ],
    dropped: [{ text: 'the spread persists at every sampling temperature above 0', why: 'it only needed a gap above 0, which any sampling gives; replaced by a gap above 5 points at T = 0.6 and 1' }],
  },
  {
    id: '5.2',
    title: 'Takeaway 5.2 — uncertain problems cause the instability (Table 4, Figure 5a)',
    preset: 'instability',
    claims: [beats('the hard small suite (in-30) has a larger uncertain share than the large easy one (in-500)', orig({ uncertain: 'in-30' }), orig({ uncertain: 'in-500' }))],
    dropped: [{ text: 'across suites, more uncertain problems go with larger run-to-run gaps (Spearman ρ > 0)', why: 'a rank correlation over 4 suites comes out above 0 by chance about half the time; it cannot support the claim' }],
  },
  {
    id: '5.3',
    title: 'Takeaway 5.3 — greedy decoding misleads; more runs stabilise (Figure 5b-d, Table 7)',
    preset: 'instability',
    claims: [
      { text: 'greedy decoding misreports the sampled Pass@1 of in-30 by more than 2 points (paired per problem)', test: 'difference', a: orig({ greedy: 'greedy' }), b: orig({ greedy: 'sampled' }), margin: MARGIN },
      beats('averaging more runs shrinks the max gap between trials on in-30 (fewest runs minus most)', orig({ trialGap: { suite: 'in-30', runs: 'fewest' } }), orig({ trialGap: { suite: 'in-30', runs: 'most' } })),
      beats('averaging more runs shrinks the max gap between trials on in-83', orig({ trialGap: { suite: 'in-83', runs: 'fewest' } }), orig({ trialGap: { suite: 'in-83', runs: 'most' } })),
    ],
    dropped: [
      { text: 'greedy decoding has no uncertain problems', why: 'true by construction: one greedy answer per problem is right or wrong' },
      { text: 'one GRPO step flips the greedy correctness of at least one problem', why: 'any weight update flips some greedy answer of 30; without a baseline it says nothing about greedy evaluation (the flips are still shown)' },
    ],
  },
];
