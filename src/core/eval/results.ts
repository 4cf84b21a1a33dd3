import { z } from 'zod';
import { EVAL_TEMPERATURE, SAMPLING_TEMPERATURE, TOP_P } from '../config';
import { correctCounts, groupSizeCensus, predictedGroupKinds } from '../grpo/zeroAdvantage';
import { countValue, nonNegativeValue, shareDelta, shareValue, StepMetricsSchema } from '../grpo/metrics';
import type { GreedyFlips } from './greedy';
import type { MaxGapRow } from './maxGap';
import { CensusStudySchema, GreedyStudySchema, upgradeCensusStudy, MaxGapStudySchema, Pass1StudySchema, ScorecardStudySchema, StoredPerturbationStudySchema, StudyKindSchema, TemperatureSweepSchema, type StudyKind } from './studies';

/**
 * What each study returns, as zod schemas: the one declaration of every result shape. The types
 * the study code builds (run-study.ts) are derived from these, and a stored or imported report is
 * parsed by its `kind`, so a result that does not match its study is refused with the path of the
 * first wrong field instead of reaching a chart. Objects are strict: an unknown key is named.
 */
const suiteName = z.string().min(1).max(60);
const positiveCount = z.number().int().positive();
/** A bootstrap interval; null with a single run, which has none (stats.ts: MIN_RUNS_FOR_SPREAD). */
const ci = z.tuple([shareValue, shareValue]).nullable();
/** A spread between runs (a std, a gap, an uncertain share): null with a single run, never a fake 0. */
const spreadOf = <T extends z.ZodNumber>(value: T) => value.nullable();

const FlipsSchema = z.strictObject({
  /** Indices of problems whose greedy correctness changed, ascending. */
  flipped: z.array(countValue),
  wrongToRight: countValue,
  rightToWrong: countValue,
});

/** Pass@1 over runs with a bootstrap interval over runs, and the per-problem picture behind it. */
export const Pass1ResultSchema = z.strictObject({
  suite: suiteName,
  analog: z.string().max(60),
  problems: positiveCount,
  runs: positiveCount,
  maxCompletionLength: positiveCount,
  pass1: shareValue,
  /** Bootstrap interval of the mean over runs: how far the averaged score could move by chance. */
  ci,
  runScores: z.array(shareValue),
  runStd: spreadOf(nonNegativeValue),
  /** Largest difference between two single runs (Figure 4a). */
  maxRunGap: spreadOf(shareValue),
  accuracies: z.array(shareValue),
  histogram: z.array(countValue),
  uncertainShare: spreadOf(shareValue),
  meanLength: nonNegativeValue,
});
export type Pass1Summary = z.infer<typeof Pass1ResultSchema>;

const MaxGapRowSchema = z.discriminatedUnion('available', [
  z.strictObject({ runs: positiveCount, available: z.literal(true), meanPass1: shareValue, maxGap: shareValue, trialScores: z.array(shareValue) }),
  z.strictObject({ runs: positiveCount, available: z.literal(false), reason: z.string().max(500) }),
]);

/** Table 7: Pass@1 of `trials` disjoint groups of n runs, for each n, from one pool of runs. */
export const MaxGapResultSchema = z.strictObject({
  suite: suiteName,
  problems: positiveCount,
  totalRuns: positiveCount,
  rows: z.array(MaxGapRowSchema),
  runScores: z.array(shareValue),
});
export type MaxGapResult = z.infer<typeof MaxGapResultSchema>;

/** One temperature of a sweep (Figure 4b). */
const SweepPointSchema = z.strictObject({
  temperature: z.number().min(EVAL_TEMPERATURE.min).max(EVAL_TEMPERATURE.max),
  runs: positiveCount,
  pass1: shareValue,
  runScores: z.array(shareValue),
  runStd: spreadOf(nonNegativeValue),
  maxRunGap: spreadOf(shareValue),
  uncertainShare: spreadOf(shareValue),
  histogram: z.array(countValue),
  meanLength: nonNegativeValue,
});
export type SweepPoint = z.infer<typeof SweepPointSchema>;

export const SweepResultSchema = z.strictObject({ suite: suiteName, problems: positiveCount, points: z.array(SweepPointSchema) });
export type SweepResult = z.infer<typeof SweepResultSchema>;

const FlipCountsSchema = FlipsSchema.extend({ textChanged: countValue });
/** How a greedy pass differs from the reference one: changed texts and flipped verdicts. */
export type FlipCounts = z.infer<typeof FlipCountsSchema>;

/** Figure 5(c): sampled vs greedy on one suite, and whether greedy holds across batch sizes and backends. */
export const GreedyResultSchema = z.strictObject({
  suite: suiteName,
  problems: positiveCount,
  sampled: z.strictObject({ runs: positiveCount, temperature: z.number().min(EVAL_TEMPERATURE.min).max(EVAL_TEMPERATURE.max), accuracies: z.array(shareValue), histogram: z.array(countValue), uncertainShare: spreadOf(shareValue), pass1: shareValue }),
  greedy: z.strictObject({ batchSize: positiveCount, correct: z.array(z.boolean()), histogram: z.array(countValue), uncertainShare: shareValue, pass1: shareValue }),
  byBatch: z.array(FlipCountsSchema.extend({ batchSize: positiveCount })),
  byBackend: z.array(z.union([FlipCountsSchema.extend({ backend: z.string().max(40) }), z.strictObject({ backend: z.string().max(40), error: z.string().max(2000) })])),
});
export type GreedyResult = z.infer<typeof GreedyResultSchema>;

/** Zero advantage at one group size G: measured on disjoint groups, and what the accuracies predict. */
const CensusGroupSchema = z.strictObject({
  groupSize: positiveCount,
  /** Groups measured: ⌊rollouts / G⌋ disjoint groups per problem. */
  groups: positiveCount,
  allCorrectShare: shareValue,
  allWrongShare: shareValue,
  effectiveShare: shareValue,
  /** Mean over problems of the unbiased estimate of pᴳ and (1 − p)ᴳ (zeroAdvantageEstimate). */
  predictedAllCorrectShare: shareValue,
  predictedAllWrongShare: shareValue,
});
export type CensusGroup = z.infer<typeof CensusGroupSchema>;

/** One decoding of a census. */
const CensusSamplingResultSchema = z.strictObject({
  temperature: z.number().min(SAMPLING_TEMPERATURE.min).max(SAMPLING_TEMPERATURE.max),
  topP: z.number().min(TOP_P.min).max(TOP_P.max),
  /** counts[k]: problems with k of the rollouts correct (Figure 2's bars). */
  counts: z.array(countValue),
  meanAccuracy: shareValue,
  /** One row per group size the study asked for, in its order. */
  groups: z.array(CensusGroupSchema).min(1),
  /** predictedZeroShare[G − 1]: the zero-advantage share independent sampling predicts for G = 1 … rollouts, the pᴳ + (1 − p)ᴳ curve. */
  predictedZeroShare: z.array(shareValue),
});
export type CensusSampling = z.infer<typeof CensusSamplingResultSchema>;

/** Figure 2: training problems by how many of their rollouts are correct, per decoding and group size. */
export const CensusResultSchema = z.strictObject({
  problems: positiveCount,
  /** Rollouts per problem and decoding: the largest group size. */
  rollouts: positiveCount,
  samplings: z.array(CensusSamplingResultSchema).min(1),
});
export type CensusResult = z.infer<typeof CensusResultSchema>;

/** One decoding's census from its rollouts' verdicts (problems × rollouts), at each group size. */
export function censusOfSampling(temperature: number, topP: number, correct: readonly (readonly boolean[])[], groupSizes: readonly number[]): CensusSampling {
  const counts = correctCounts(correct);
  const rollouts = counts.length - 1;
  const total = correct.length * rollouts;
  return {
    temperature,
    topP,
    counts,
    meanAccuracy: total === 0 ? 0 : counts.reduce((a, c, k) => a + c * k, 0) / total,
    groups: groupSizes.map((G) => groupSizeCensus(correct, G)),
    predictedZeroShare: predictedCurve(counts),
  };
}

function predictedCurve(counts: readonly number[]): number[] {
  return Array.from({ length: counts.length - 1 }, (_, i) => {
    const p = predictedGroupKinds(counts, i + 1);
    return Math.min(1, p.allCorrectShare + p.allWrongShare);
  });
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A census report as versions before the group sizes stored it: one decoding (the study's
 * temperature and top-p, 1 and 1 by default then), one group size (its rollouts), shares at the
 * top of the result. It becomes one decoding with one group row; the prediction is computed from
 * its counts, which are all it needs. A result that is not that shape is left for the schema to refuse.
 */
function upgradeCensusReport(input: unknown): unknown {
  if (!isRecord(input) || input.kind !== 'census' || !isRecord(input.result) || 'samplings' in input.result) return input;
  const study = upgradeCensusStudy(input.study);
  const r = input.result;
  const { counts, rollouts, problems } = r;
  const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
  if (!Array.isArray(counts) || !counts.every(isCount) || !isCount(rollouts) || !isCount(problems) || rollouts < 1 || counts.length !== rollouts + 1) return input;
  const decoding = isRecord(study) && Array.isArray(study.samplings) && isRecord(study.samplings[0]) ? study.samplings[0] : { temperature: 1, topP: 1 };
  const predicted = predictedGroupKinds(counts, rollouts);
  return {
    ...input,
    study,
    result: {
      problems,
      rollouts,
      samplings: [
        {
          temperature: decoding.temperature,
          topP: decoding.topP,
          counts,
          meanAccuracy: r.meanAccuracy,
          groups: [{ groupSize: rollouts, groups: problems, allCorrectShare: r.allCorrectShare, allWrongShare: r.allWrongShare, effectiveShare: r.effectiveShare, predictedAllCorrectShare: predicted.allCorrectShare, predictedAllWrongShare: predicted.allWrongShare }],
          predictedZeroShare: predictedCurve(counts),
        },
      ],
    },
  };
}

/** Figure 5(d): greedy verdicts before and after one GRPO step. */
export const PerturbationResultSchema = FlipsSchema.extend({
  suite: suiteName,
  problems: positiveCount,
  step: StepMetricsSchema,
  before: z.array(z.boolean()),
  after: z.array(z.boolean()),
  flippedProblems: z.array(z.strictObject({ index: countValue, prompt: z.string().max(20_000), answer: z.number(), before: z.boolean(), after: z.boolean() })),
});
export type PerturbationResult = z.infer<typeof PerturbationResultSchema>;

/** One column of Table 1 for one checkpoint. */
const ScorecardColumnSchema = z.strictObject({
  key: z.string().max(60),
  suite: suiteName,
  analog: z.string().max(80),
  group: z.string().max(40),
  runs: positiveCount,
  maxCompletionLength: positiveCount,
  pass1: shareValue,
  ci,
  /**
   * Each problem's accuracy over the runs, in suite order: what an interval over training seeds and
   * problems needs (the report's verdicts). Absent in reports stored before it was kept.
   */
  accuracies: z.array(shareValue).optional(),
  /**
   * pass@k at k = the runs per problem (readoutK, Chen et al.'s unbiased estimator, mean over
   * problems): the share of problems some run solved. Null with one run per problem, where it is
   * Pass@1; absent in reports stored before it was kept.
   */
  passAtK: z.strictObject({ k: z.number().int().min(2), value: shareValue }).nullable().optional(),
  /**
   * Mean surprisal −log π(token) of the sampled tokens, nats per token, token-weighted
   * (eval/surprisal.ts: the cross-entropy of what was drawn under the tempered, untruncated
   * distribution; the entropy itself at top-p 1). Null for greedy decoding
   * (GREEDY_HAS_NO_ENTROPY); absent in reports stored before it was kept.
   */
  entropy: z.strictObject({ nats: nonNegativeValue, tokens: positiveCount }).nullable().optional(),
  /** Score minus the clean / uncapped column it derives from (Table 1's subscripts). */
  delta: shareDelta.nullable(),
});
export type ScorecardColumn = z.infer<typeof ScorecardColumnSchema>;

/** Table 1 for one checkpoint: reasoning, fitness, generalisation and robustness columns. */
export const ScorecardResultSchema = z.strictObject({
  columns: z.array(ScorecardColumnSchema),
  groups: z.array(z.strictObject({ group: z.string().max(40), average: shareValue })),
});
export type ScorecardResult = z.infer<typeof ScorecardResultSchema>;

/** The backend a report (or a run) was computed on, as the worker names it. */
export const BackendNameSchema = z.strictObject({ name: z.string().max(40), adapter: z.string().max(300) });

function reportOf<K extends StudyKind, S extends z.ZodType<{ kind: K }>, R extends z.ZodType>(kind: K, study: S, result: R) {
  return z.strictObject({
    kind: z.literal(kind),
    study,
    backend: BackendNameSchema,
    startedAt: z.string().min(1).max(40),
    seconds: nonNegativeValue,
    result,
  });
}

/**
 * A stored or imported study report, parsed by its `kind`: the study must be of the same kind and
 * the result must have that kind's shape. A census stored in the earlier form is converted first.
 */
export const StudyReportSchema = z.preprocess(
  upgradeCensusReport,
  z.discriminatedUnion(
  'kind',
  [
    reportOf('pass1', Pass1StudySchema, Pass1ResultSchema),
    reportOf('maxGap', MaxGapStudySchema, MaxGapResultSchema),
    reportOf('temperatureSweep', TemperatureSweepSchema, SweepResultSchema),
    reportOf('greedy', GreedyStudySchema, GreedyResultSchema),
    reportOf('perturbation', StoredPerturbationStudySchema, PerturbationResultSchema),
    reportOf('scorecard', ScorecardStudySchema, ScorecardResultSchema),
    reportOf('census', CensusStudySchema, CensusResultSchema),
  ],
  { error: `kind must be one of ${StudyKindSchema.options.join(', ')}` },
  ),
);
export type ParsedStudyReport = z.output<typeof StudyReportSchema>;
/** Any study's result. */
export type StudyResult = ParsedStudyReport['result'];

/** Compile-time checks that the schemas above and the types other files declare agree both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agree<T extends true> = T;
export type _ResultTypesAgree = [Agree<Same<z.infer<typeof MaxGapRowSchema>, MaxGapRow>>, Agree<Same<z.infer<typeof FlipsSchema>, GreedyFlips>>];
