import { z } from 'zod';
import { parseExperimentConfig, type ExperimentConfig, type ExperimentConfigInput } from './config';
import { parseStudy, type Study, type StudyInput } from './eval/studies';
import { trainedOnOf } from './training/prompt-order';

/**
 * One preset per experiment of the paper, scaled so each training run takes minutes on a 2-core
 * machine without a GPU. `quick` shrinks every preset to seconds for CI. A preset is a list of
 * arms (e.g. Orig / Both / Neg / Pos), each an optional GRPO run followed by studies of the
 * policy it ends with; an arm without training studies the base checkpoint itself.
 */
export const PRESET_SIZES = ['full', 'quick'] as const;
export type PresetSize = (typeof PRESET_SIZES)[number];

export interface Arm {
  label: string;
  /** Absent: no training (the base checkpoint, "Orig"). */
  config?: ExperimentConfig;
  studies: Study[];
}

export interface Preset {
  id: string;
  title: string;
  paper: string;
  shows: string;
  /** Training seeds S every arm runs at, for the report's intervals over seeds (TRAINING_SEEDS). */
  seeds: number;
  arms: Arm[];
}

interface PresetDef {
  id: string;
  title: string;
  paper: string;
  shows: string;
  arms: (size: PresetSize) => { label: string; config?: ExperimentConfigInput; studies: StudyInput[] }[];
}

/**
 * Training sizes: GRPO steps per arm, prompts per step, samples per prompt. Full size trains every
 * arm 50 steps of 16 prompts × 8 (800 prompts, a fifth of the training set; it was 40 × 8), the
 * most the 5-seed report affords on a 2-core machine (README, "Presets"). Arms that are compared
 * take the same steps.
 */
const STEPS: Record<PresetSize, number> = { full: 50, quick: 2 };
const PROMPTS: Record<PresetSize, number> = { full: 16, quick: 2 };
const GENS: Record<PresetSize, number> = { full: 8, quick: 4 };
/**
 * Validation during training at full size: every 10 steps, 4 runs of each validation-200 problem;
 * the run ends with the checkpoint of best validation Pass@1 (Appendix B.3). No early stop
 * (patience 0), so arms that are compared train equal steps; whether a run's validation had
 * plateaued by its last step is in its record. Quick size does not validate (seconds per arm).
 */
const VALIDATION: Record<PresetSize, NonNullable<ExperimentConfigInput['validation']>> = { full: { every: 10, runs: 4, patience: 0, keep: 'best' }, quick: { every: 0 } };
/**
 * Training seeds per arm. Seed s is paired across a preset's arms: the trainer derives its prompt
 * order (`promptsFor`: one permutation per epoch from `deriveSeed(seed, epoch…)`) and each step's
 * sampling seed (a stream from `deriveSeed(seed, 'trainer')`) from config.seed alone, and every
 * arm of a preset shares its training set and prompts per step; the runner seeds study i of every
 * arm with `deriveSeed(study.seed + s, study i)` (plan.ts). So at seed s every arm sees the same
 * prompts in the same order and is evaluated on the same samples' seeds, and arm differences are
 * paired differences (plan.test.ts checks it). Two seeds can say how much a seed moves a result;
 * the paper-size report wants five.
 */
export const TRAINING_SEEDS: Record<PresetSize, number> = { full: 5, quick: 2 };
/**
 * Evaluation runs per problem. Table 5's defaults are 64/32/16; at 8, evaluation noise is about a
 * seventh of a seed's variance of the reasoning average, so the compute buys more as seeds
 * (README, "Evaluation runs and Table 5"; scripts/eval-noise.ts).
 */
const EVAL_RUNS: Record<PresetSize, number> = { full: 8, quick: 1 };
/** Length caps standing in for the paper's 8K/16K/24K sampling limits (Tables 2, 3). */
const LENGTH = { short: 64, medium: 96, long: 160 } as const;

function base(size: PresetSize, over: ExperimentConfigInput = {}): ExperimentConfigInput {
  return { promptsPerStep: PROMPTS[size], numGenerations: GENS[size], validation: VALIDATION[size], ...over };
}

/**
 * `total` steps split by `fractions` (normalised to sum to 1), each part at least 1, the parts
 * summing to exactly `total` (largest remainder): schedules with different numbers of stages
 * still train equal steps.
 */
export function splitSteps(total: number, fractions: readonly number[]): number[] {
  if (fractions.length === 0) throw new Error('splitSteps: no fractions');
  if (total < fractions.length) return fractions.map(() => 1);
  const sum = fractions.reduce((a, b) => a + b, 0);
  const exact = fractions.map((f) => (f / sum) * total);
  const parts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  for (let k = order.length - 1; left < 0; k = (k + order.length - 1) % order.length) {
    if (parts[order[k].i] > 1) {
      parts[order[k].i]--;
      left++;
    }
  }
  return parts;
}

type Filter = 'both' | 'positive' | 'negative';

function stage(size: PresetSize, sampleFilter: Filter, maxCompletionLength: number = LENGTH.long) {
  return { sampleFilter, maxCompletionLength, steps: STEPS[size] };
}

/**
 * Quick size scores the first QUICK_PROBLEMS problems of each suite once: scoring the whole of
 * in-500 and in-675 took most of a quick preset's minutes. Full size scores every problem.
 */
export const QUICK_PROBLEMS = 20;

function evalSizes(size: PresetSize): Partial<StudyInput> {
  return size === 'quick' ? { runs: 1, limit: QUICK_PROBLEMS, resamples: 10, maxCompletionLength: 64 } : { runs: EVAL_RUNS[size] };
}

const scorecard = (size: PresetSize, groups?: string[]): StudyInput =>
  ({ kind: 'scorecard', ...evalSizes(size), ...(groups ? { groups } : {}) }) as StudyInput;

/**
 * The scorecard of an arm compared with runs of `trainedWith`: its "Training Set" column scores the
 * problems that run trained on (prompt-order.ts), so a trained arm is scored on its own prompts
 * and the base checkpoint, which trained on nothing, on those of the arms beside it. With
 * `trainingCap`, the capped columns use the run's own length cap (its last stage's), never above
 * the uncapped columns' cap.
 */
function armScorecard(size: PresetSize, groups: string[] | undefined, trainedWith: ExperimentConfigInput, opts: { trainingCap?: boolean } = {}): StudyInput {
  const config = parseExperimentConfig(trainedWith);
  const input = scorecard(size, groups);
  const study = parseStudy(input);
  if (study.kind !== 'scorecard' || !study.groups.includes('fitness')) return input;
  const cap = Math.min(config.stages[config.stages.length - 1].maxCompletionLength, study.maxCompletionLength);
  return { ...input, trainedOn: trainedOnOf(config), ...(opts.trainingCap ? { fitnessMaxLength: cap } : {}) } as StudyInput;
}

/**
 * A preset arm's study at training seed `seed`, as the runner runs it: a scorecard's trainedOn
 * follows the run at that seed, the unit's own config for a trained arm (grid values included)
 * and the same run at that seed for the base checkpoint, so both score the same problems.
 */
export function studyAtSeed(study: Study, seed: number, config?: ExperimentConfig): Study {
  if (study.kind !== 'scorecard' || !study.trainedOn) return study;
  return { ...study, trainedOn: config ? trainedOnOf(config) : { ...study.trainedOn, seed } };
}

const pass1 = (size: PresetSize, suite: string, over: Record<string, unknown> = {}): StudyInput =>
  ({ kind: 'pass1', suite, ...evalSizes(size), ...over }) as StudyInput;

/**
 * A config file's run at the quick size (`--quick --config`): the quick preset sizes as upper
 * bounds (steps per stage, prompts, samples per prompt, evaluation runs), stages and caps kept.
 */
export function atQuickSize(config: ExperimentConfig, studies: Study[]): { config: ExperimentConfig; studies: Study[] } {
  const q = 'quick';
  return {
    config: parseExperimentConfig({
      ...config,
      promptsPerStep: Math.min(config.promptsPerStep, PROMPTS[q]),
      numGenerations: Math.min(config.numGenerations, GENS[q]),
      stages: config.stages.map((s) => ({ ...s, steps: Math.min(s.steps, STEPS[q]) })),
      evaluation: { ...config.evaluation, runs: Math.min(config.evaluation.runs, EVAL_RUNS[q]) },
    }),
    studies: studies.map((s) => parseStudy({ ...s, ...('runs' in s ? evalSizes(q) : { maxCompletionLength: Math.min(s.maxCompletionLength, 64) }) })),
  };
}

const FILTER_LABEL: Record<Filter, string> = { both: 'Both', negative: 'Neg', positive: 'Pos' };

/**
 * Table 6's two objectives. Dr. GRPO (Liu et al., 2025) removes both of GRPO's normalisations: the
 * per-sequence length (lossType dr_grpo: token sum over a constant) and the group std
 * (scaleRewards false). The aggregation alone would be a third objective, not Dr. GRPO.
 */
const OBJECTIVES = [
  { label: 'GRPO', lossType: 'grpo', scaleRewards: true },
  { label: 'Dr. GRPO', lossType: 'dr_grpo', scaleRewards: false },
] as const;
const LETTER: Record<Filter, string> = { both: 'NP', negative: 'N', positive: 'P' };

/** Table 2's schedules, as lists of stage filters; stage i uses the i-th length cap. */
const SCHEDULES: Filter[][] = [
  ['both', 'both', 'both'],
  ['negative', 'negative', 'both'],
  ['negative', 'negative', 'negative'],
  ['negative', 'negative', 'negative', 'positive'],
];
const SCHEDULE_LENGTHS = [LENGTH.short, LENGTH.medium, LENGTH.long, LENGTH.long];
/** The paper's stages ran about 1000, 500 and 200 steps (Appendix B.1); a schedule's stages share the arm's steps in these proportions. */
const SCHEDULE_FRACTIONS = [0.5, 0.3, 0.2, 0.2];

function schedule(size: PresetSize, filters: readonly Filter[]) {
  const steps = splitSteps(STEPS[size], SCHEDULE_FRACTIONS.slice(0, filters.length));
  return filters.map((f, i) => ({ sampleFilter: f, maxCompletionLength: SCHEDULE_LENGTHS[i], steps: steps[i] }));
}

const PRESET_DEFS: PresetDef[] = [
  {
    id: 'pos-neg',
    title: 'Positive vs negative samples',
    paper: 'Table 1, Figure 6',
    shows: 'Orig / Both / Neg / Pos on reasoning, fitness, generalisation and robustness; samples used per step',
    arms: (size) => {
      const config = (f: Filter) => base(size, { name: `pos-neg/${f}`, stages: [stage(size, f)] });
      return [
        // The arms share data, seed, batch and steps, so they trained on the same problems; Orig is scored on them too.
        { label: 'Orig', studies: [armScorecard(size, undefined, config('both'))] },
        ...(['both', 'negative', 'positive'] as const).map((f) => ({ label: FILTER_LABEL[f], config: config(f), studies: [armScorecard(size, undefined, config(f))] })),
      ];
    },
  },
  {
    id: 'neg-pretrain',
    title: 'Negative-sample pre-training',
    paper: 'Table 2',
    shows: 'stage schedules N / P / NP with growing length caps, e.g. 8(N)-16(N)-24(NP)',
    arms: (size) => [
      { label: 'Orig', studies: [scorecard(size, ['reasoning', 'generalisation', 'robustness'])] },
      ...SCHEDULES.map((filters) => ({
        label: filters.map((f, i) => `${SCHEDULE_LENGTHS[i]}(${LETTER[f]})`).join('-'),
        config: base(size, { name: `neg-pretrain/${filters.map((f) => LETTER[f]).join('-')}`, stages: schedule(size, filters) }),
        studies: [scorecard(size, ['reasoning', 'generalisation', 'robustness'])],
      })),
    ],
  },
  {
    id: 'length-bias',
    title: 'Length bias: GRPO vs Dr. GRPO',
    paper: 'Table 6 (Appendix C.1)',
    shows: "Neg and Pos under GRPO and under Dr. GRPO (token sum over a constant, no std division), scored uncapped and at the cap they trained with",
    arms: (size) =>
      OBJECTIVES.flatMap(({ label, lossType, scaleRewards }) =>
        (['negative', 'positive'] as const).map((f) => {
          const config = base(size, { name: `length-bias/${lossType}/${f}`, lossType, scaleRewards, stages: [stage(size, f)] });
          return { label: `${FILTER_LABEL[f]} (${label})`, config, studies: [armScorecard(size, ['reasoning', 'fitness'], config, { trainingCap: true })] };
        }),
      ),
  },
  {
    id: 'zero-advantage',
    title: 'The zero-advantage census',
    paper: 'Figure 2',
    shows: 'share of groups with zero advantage at T = 1 and at 0.6 / top-p 0.95, for G = 4, 8, 16, against pᴳ + (1 − p)ᴳ from each problem\'s accuracy; histogram of group accuracy',
    arms: (size) => [
      {
        label: 'Orig',
        // Full: 16 rollouts × 2 decodings of 1000 problems, the 32 000 completions the single-temperature census of all 4000 at 8 cost; ±1.6 points on a share.
        studies: [size === 'quick' ? { kind: 'census', groupSizes: [2, 4], limit: 8, maxCompletionLength: 64 } : { kind: 'census', groupSizes: [4, 8, 16], limit: 1000 }],
      },
    ],
  },
  {
    id: 'rlr',
    title: 'Relative length reward vs length caps',
    paper: 'Table 3',
    shows: 'Pass@1 and mean length: RLR against plain training with the same shorter sampling cap, both continuing the same RL training (the Both arm\'s first half)',
    arms: (size) => {
      const suites = ['in-30', 'in-83', 'in-500', 'in-675'];
      const studies = suites.map((s) => pass1(size, s));
      const rlr = { enabled: true, alpha: 0.75, lambda: 5, epsUp: 1, epsLow: -0.5 };
      // Table 3 starts RLR from an RL-trained model: every trained arm first runs the same plain stage
      // (Both at the long cap; at one seed the same numbers in every arm), then its own. The RLR arm and
      // its matched cap arm keep their checkpoint by the same rule, B.4's shortest within 1 point.
      const [first, second] = splitSteps(STEPS[size], [0.5, 0.5]);
      const rl = { sampleFilter: 'both' as const, maxCompletionLength: LENGTH.long, steps: first, lengthReward: false };
      const validation: ExperimentConfigInput['validation'] = { ...VALIDATION[size], ...(size === 'full' ? { keep: 'shortest-within-1pt' as const } : {}) };
      return [
        { label: 'Orig', studies },
        ...([LENGTH.medium, LENGTH.short] as const).flatMap((cap) => [
          { label: `cap ${cap}`, config: base(size, { name: `rlr/cap${cap}`, validation, stages: [rl, { sampleFilter: 'both', maxCompletionLength: cap, steps: second }] }), studies },
          { label: `RLR+cap ${cap}`, config: base(size, { name: `rlr/rlr-cap${cap}`, rlr, validation, stages: [rl, { sampleFilter: 'both', maxCompletionLength: cap, steps: second }] }), studies },
        ]),
      ];
    },
  },
  {
    id: 'injection',
    title: 'Offline sample injection',
    paper: 'Figure 3',
    shows: "Pass@1 on in-30 during training on hard problems: continued training, injection, injection + LUFFY (the injection arm with LUFFY's shaped loss on injected tokens, and no other change)",
    arms: (size) => {
      // The measured hard set: problems the base solves in fewer than a quarter of its runs (hard-set.ts), all of it at full size.
      const hard = { source: 'hard' as const, trainSize: size === 'quick' ? 64 : 100_000 };
      const evaluation = size === 'quick' ? { every: 1, suite: 'in-30', runs: 1, maxCompletionLength: 64 } : { every: 5, suite: 'in-30', runs: 4 };
      const arm = (label: string, injection: Record<string, unknown>) => ({
        label,
        config: base(size, { name: `injection/${label}`, data: hard, evaluation, injection, stages: [stage(size, 'both', LENGTH.long)] }),
        studies: [pass1(size, 'in-30')],
      });
      // The LUFFY arm is the injection arm with injection.luffy on and nothing else changed (std scaling, loss type, γ, K alike).
      const injection = { enabled: true, gamma: 0.125, numOffline: 4 };
      return [arm('continued', { enabled: false }), arm('injection', injection), arm('injection+LUFFY', { ...injection, luffy: true })];
    },
  },
  {
    id: 'instability',
    title: 'Evaluation instability',
    paper: 'Figures 4, 5; Tables 4, 5, 7',
    shows: 'Pass@1 spread over runs, accuracy distributions and uncertain share per suite, max gap vs runs, temperature sweep, greedy vs sampled, greedy flips after one step',
    arms: (size) => {
      const quick = size === 'quick';
      const q = quick ? { maxCompletionLength: 64 } : {};
      return [
        {
          label: 'Orig',
          studies: [
            ...['in-30', 'in-83', 'in-500', 'in-675'].map((s) => pass1(size, s, quick ? {} : { runs: 0 })),
            { kind: 'maxGap', suite: 'in-30', runsPerTrial: quick ? [1, 2] : [4, 8, 16, 32, 64, 96, 128], ...q },
            { kind: 'maxGap', suite: 'in-83', runsPerTrial: quick ? [1, 2] : [4, 8, 16, 32, 64], ...q },
            { kind: 'temperatureSweep', suite: 'in-30', runs: quick ? 1 : 16, temperatures: quick ? [0, 0.6] : [0, 0.2, 0.4, 0.6, 0.8, 1.0], ...q },
            { kind: 'greedy', suite: 'in-30', runs: quick ? 2 : 32, batchSizes: quick ? [1, 4] : [1, 8, 64], ...q },
            { kind: 'perturbation', suite: 'in-30', train: { promptsPerStep: PROMPTS[size], numGenerations: GENS[size], stages: [{ steps: 1 }] }, ...q },
          ] as StudyInput[],
        },
      ];
    },
  },
];

export const PRESET_IDS = PRESET_DEFS.map((p) => p.id);

export function listPresets(): { id: string; title: string; paper: string; shows: string }[] {
  return PRESET_DEFS.map(({ id, title, paper, shows }) => ({ id, title, paper, shows }));
}

export const PresetIdSchema = z.string().refine((id) => PRESET_IDS.includes(id), { error: (i) => `unknown preset ${JSON.stringify(i.input)}; known presets: ${PRESET_IDS.join(', ')}` });

/** The validated plan of a preset at a size: every config and study parsed through its schema. */
export function getPreset(id: string, size: PresetSize = 'full'): Preset {
  const def = PRESET_DEFS.find((p) => p.id === id);
  if (!def) throw new Error(`unknown preset ${JSON.stringify(id)}; known presets: ${PRESET_IDS.join(', ')}`);
  return {
    id: def.id,
    title: def.title,
    paper: def.paper,
    shows: def.shows,
    seeds: TRAINING_SEEDS[size],
    arms: def.arms(size).map((a) => ({
      label: a.label,
      ...(a.config ? { config: parseExperimentConfig(a.config, `preset ${id} / ${a.label}`) } : {}),
      studies: a.studies.map((s) => parseStudy(s, `preset ${id} / ${a.label}`)),
    })),
  };
}
