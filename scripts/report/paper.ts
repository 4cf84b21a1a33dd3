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
    'Neg (grpo)': [34.95, 68.77, 29.69, 64.01],
    'Pos (grpo)': [34.01, 69.48, 30.26, 67.07],
    'Neg (dr_grpo)': [33.18, 68.34, 28.28, 64.1],
    'Pos (dr_grpo)': [33.65, 68.73, 29.95, 66.17],
  } as Record<string, number[]>,
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
