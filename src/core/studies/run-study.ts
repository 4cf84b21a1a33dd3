import { deriveSeed } from '../rng';
import { Policy } from '../model/policy';
import type { Problem } from '../tasks/problems';
import { buildSuite, suiteSpec, trainingSet } from '../tasks/suites';
import { GrpoTrainer } from '../training/trainer';
import { trainedProblems } from '../training/prompt-order';
import { sampleSuite, type SuiteResult } from '../training/sampling';
import { problemAccuracies, passAt1, readoutK, runScores, suitePassAtK } from '../eval/passAtK';
import { meanSurprisal } from '../eval/surprisal';
import { accuracyHistogram, uncertainShare } from '../eval/accuracyBins';
import { bootstrapCI, meanStd, overRuns } from '../eval/stats';
import { maxGapStudy, type MaxGapRow } from '../eval/maxGap';
import { runSpread } from '../eval/spread';
import { defaultRuns } from '../eval/runs';
import { greedyFlips } from '../eval/greedy';
import { censusRollouts, type Study } from '../eval/studies';
import { censusOfSampling, type CensusResult, type GreedyResult, type MaxGapResult, type Pass1Summary, type PerturbationResult, type ScorecardColumn, type ScorecardResult, type StudyResult, type SweepPoint, type SweepResult } from '../eval/results';
import { messageOf } from '../errors';

/** What a study runs on: the policy, the backend that computes, progress and backend switching. */
export interface StudyContext {
  policy: Policy;
  backend: { name: string; adapter: string };
  onProgress?: (p: StudyProgress) => void;
  /** Switches the TF.js backend (greedy study's cross-backend check); absent where only one exists. */
  switchBackend?: (name: string) => Promise<void>;
  /** Aborted: the study ends between two sampling batches with a StudyStoppedError, and returns no report. */
  signal?: AbortSignal;
}

/** A study ended by its signal before it finished; there is no partial report. */
export class StudyStoppedError extends Error {
  override name = 'StudyStoppedError';
  constructor() {
    super('the study was stopped before it finished; nothing of it was kept');
  }
}

/** Throws a StudyStoppedError once the study's signal is aborted: called between batches, where no tensor is live. */
function checkStopped(ctx: StudyContext): void {
  if (ctx.signal?.aborted) throw new StudyStoppedError();
}

/** A sampling progress callback that reports the phase and, after each batch, obeys a stop. */
function progressOf(ctx: StudyContext, phase: string, part?: { part: number; parts: number }): (done: number, total: number) => void {
  return (done, total) => {
    ctx.onProgress?.({ phase, done, total, ...part });
    checkStopped(ctx);
  };
}

export interface StudyProgress {
  /** What is being sampled: a suite, a temperature, a greedy pass. */
  phase: string;
  /** Completions sampled of this phase's total. */
  done: number;
  total: number;
  /** Phase k (1-based) of n, where a study runs a known list of them (a scorecard's suites). */
  part?: number;
  parts?: number;
}

export interface StudyReport<R = unknown> {
  kind: Study['kind'];
  study: Study;
  backend: { name: string; adapter: string };
  startedAt: string;
  seconds: number;
  result: R;
}

type SamplingOf<S> = S & { temperature: number; topP: number; maxCompletionLength: number; seed: number; batchSize: number };

/** A suite's problems, the first `limit` of them when limit > 0. */
function problemsOf(suite: string, shots: number, limit = 0): Problem[] {
  return firstOf(buildSuite(suite, { shots }), limit);
}

function firstOf(problems: Problem[], limit: number): Problem[] {
  return limit > 0 ? problems.slice(0, limit) : problems;
}

/** What a scorecard's "Training Set" column names as its suite when it scored the problems a run trained on. */
export const TRAINED_SUITE = 'trained';

/** The sampling seed of one pass of a study: its seed, the pass's name and temperature. The bench's Pass@1 uses it too. */
export function studySeed(seed: number, phase: string, temperature: number): number {
  return deriveSeed(seed, `${phase}/${temperature}`);
}

async function sample(ctx: StudyContext, problems: readonly Problem[], runs: number, s: SamplingOf<object>, phase: string, temperature = s.temperature, part?: { part: number; parts: number }): Promise<SuiteResult> {
  checkStopped(ctx);
  return sampleSuite(ctx.policy, problems, {
    runs,
    temperature,
    topP: s.topP,
    maxNewTokens: s.maxCompletionLength,
    seed: studySeed(s.seed, phase, temperature),
    batchSize: s.batchSize,
    onProgress: progressOf(ctx, phase, part),
  });
}

/** The result shapes are declared once, as schemas, in results.ts; these are their types. */
export type { CensusResult, FlipCounts, GreedyResult, MaxGapResult, Pass1Summary, PerturbationResult, ScorecardColumn, ScorecardResult, SweepPoint, SweepResult } from '../eval/results';

function summarise(suite: string, res: SuiteResult, maxCompletionLength: number, ci: { level: number; resamples: number; seed: number }): Pass1Summary {
  const spread = runSpread(res.correct);
  const acc = problemAccuracies(res.correct);
  return {
    suite,
    analog: suiteSpec(suite).analog,
    problems: res.correct.length,
    runs: spread.runScores.length,
    maxCompletionLength,
    pass1: passAt1(res.correct),
    ci: bootstrapCI(spread.runScores, ci),
    ...spread,
    accuracies: acc,
    histogram: accuracyHistogram(acc),
    meanLength: meanStd(res.lengths.flat()).mean,
  };
}

export async function runStudy(study: Study, ctx: StudyContext): Promise<StudyReport> {
  const started = Date.now();
  const result = await dispatch(study, ctx);
  return { kind: study.kind, study, backend: ctx.backend, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, result };
}

async function dispatch(study: Study, ctx: StudyContext): Promise<StudyResult> {
  switch (study.kind) {
    case 'pass1': {
      const problems = problemsOf(study.suite, study.shots, study.limit);
      const runs = study.runs || defaultRuns(problems.length);
      const res = await sample(ctx, problems, runs, study, study.suite);
      return summarise(study.suite, res, study.maxCompletionLength, { level: study.ciLevel, resamples: study.resamples, seed: study.seed });
    }
    case 'maxGap': {
      const problems = problemsOf(study.suite, study.shots);
      const maxRuns = Math.max(...study.runsPerTrial) * study.trials;
      const res = await sample(ctx, problems, maxRuns, study, study.suite);
      const rows: MaxGapRow[] = maxGapStudy(res.correct, study.runsPerTrial, study.trials);
      return { suite: study.suite, problems: problems.length, totalRuns: maxRuns, rows, runScores: runScores(res.correct) } satisfies MaxGapResult;
    }
    case 'temperatureSweep': {
      const problems = problemsOf(study.suite, study.shots);
      const points: SweepPoint[] = [];
      for (const t of study.temperatures) {
        // Greedy decoding is deterministic here: one run says all there is.
        const res = await sample(ctx, problems, t === 0 ? 1 : study.runs, study, `${study.suite}@T${t}`, t);
        const spread = runSpread(res.correct);
        points.push({ temperature: t, runs: spread.runScores.length, pass1: passAt1(res.correct), ...spread, histogram: accuracyHistogram(problemAccuracies(res.correct)), meanLength: meanStd(res.lengths.flat()).mean });
      }
      return { suite: study.suite, problems: problems.length, points } satisfies SweepResult;
    }
    case 'greedy':
      return greedyStudy(study, ctx);
    case 'perturbation':
      return perturbationStudy(study, ctx);
    case 'scorecard':
      return scorecardStudy(study, ctx);
    case 'census':
      return censusStudy(study, ctx);
  }
}

/** Figure 2: one pool of rollouts per problem and decoding, measured at every group size (censusOfSampling). */
async function censusStudy(study: Extract<Study, { kind: 'census' }>, ctx: StudyContext): Promise<CensusResult> {
  const all = trainingSet(study.data);
  const problems = study.limit > 0 ? all.slice(0, study.limit) : all;
  const rollouts = censusRollouts(study);
  const samplings: CensusResult['samplings'] = [];
  for (const [i, d] of study.samplings.entries()) {
    const res = await sample(ctx, problems, rollouts, { ...study, ...d }, 'census', d.temperature, { part: i + 1, parts: study.samplings.length });
    samplings.push(censusOfSampling(d.temperature, d.topP, res.correct, study.groupSizes));
  }
  return { problems: problems.length, rollouts, samplings };
}

async function greedyStudy(study: Extract<Study, { kind: 'greedy' }>, ctx: StudyContext): Promise<GreedyResult> {
  const problems = problemsOf(study.suite, study.shots);
  const sampled = await sample(ctx, problems, study.runs, study, 'sampled');
  const sampledAcc = problemAccuracies(sampled.correct);
  const greedyOnce = async (batchSize: number, phase: string) => {
    const res = await sampleSuite(ctx.policy, problems, { runs: 1, temperature: 0, topP: 1, maxNewTokens: study.maxCompletionLength, seed: study.seed, batchSize, keepTexts: true, onProgress: progressOf(ctx, phase) });
    return { correct: res.correct.map((r) => r[0]), texts: res.texts!.map((r) => r[0]) };
  };
  const [first, ...rest] = study.batchSizes;
  const reference = await greedyOnce(first, `greedy batch ${first}`);
  const compare = (other: { correct: boolean[]; texts: string[] }) => ({
    textChanged: other.texts.filter((t, i) => t !== reference.texts[i]).length,
    ...greedyFlips(reference.correct, other.correct),
  });
  const byBatch: GreedyResult['byBatch'] = [];
  for (const b of rest) byBatch.push({ batchSize: b, ...compare(await greedyOnce(b, `greedy batch ${b}`)) });
  const byBackend: GreedyResult['byBackend'] = [];
  if (ctx.switchBackend) {
    const home = ctx.backend.name;
    for (const name of study.backends.filter((b) => b !== home)) {
      try {
        await ctx.switchBackend(name);
        byBackend.push({ backend: name, ...compare(await greedyOnce(first, `greedy on ${name}`)) });
      } catch (e) {
        byBackend.push({ backend: name, error: messageOf(e) });
      } finally {
        await ctx.switchBackend(home);
      }
    }
  }
  const greedyAcc: number[] = reference.correct.map((c) => (c ? 1 : 0));
  return {
    suite: study.suite,
    problems: problems.length,
    sampled: { runs: study.runs, temperature: study.temperature, accuracies: sampledAcc, histogram: accuracyHistogram(sampledAcc), uncertainShare: overRuns(study.runs, () => uncertainShare(sampledAcc)), pass1: passAt1(sampled.correct) },
    greedy: { batchSize: first, correct: reference.correct, histogram: accuracyHistogram(greedyAcc), uncertainShare: uncertainShare(greedyAcc), pass1: greedyAcc.reduce((a, b) => a + b, 0) / greedyAcc.length },
    byBatch,
    byBackend,
  };
}

async function perturbationStudy(study: Extract<Study, { kind: 'perturbation' }>, ctx: StudyContext): Promise<PerturbationResult> {
  const problems = problemsOf(study.suite, study.shots);
  const greedy = async (policy: Policy, phase: string) =>
    (await sampleSuite(policy, problems, { runs: 1, temperature: 0, topP: 1, maxNewTokens: study.maxCompletionLength, seed: study.seed, batchSize: study.batchSize, onProgress: progressOf(ctx, phase) })).correct.map((r) => r[0]);
  const before = await greedy(ctx.policy, 'greedy before');
  // One GRPO step on a trainable copy: the loaded policy stays as it was.
  const copy = Policy.fromWeights(ctx.policy.config, ctx.policy.tokenizer, await ctx.policy.weights(), true);
  const train = { ...study.train, stages: [{ ...study.train.stages[0], steps: 1 }] };
  // The KL reference is the policy the step starts from, as in a run.
  const reference = train.beta > 0 ? await ctx.policy.frozenCopy() : undefined;
  const trainer = new GrpoTrainer({ config: train, policy: copy, trainSet: trainingSet(train.data), ...(reference ? { reference } : {}) });
  try {
    ctx.onProgress?.({ phase: 'one GRPO step', done: 0, total: 1 });
    const { metrics } = await trainer.runStep();
    checkStopped(ctx);
    const after = await greedy(copy, 'greedy after');
    const flips = greedyFlips(before, after);
    return {
      suite: study.suite,
      problems: problems.length,
      step: metrics,
      before,
      after,
      ...flips,
      flippedProblems: flips.flipped.map((i) => ({ index: i, prompt: problems[i].prompt, answer: problems[i].answer, before: before[i], after: after[i] })),
    };
  } finally {
    trainer.dispose();
    copy.dispose();
    reference?.dispose();
  }
}

export const SCORECARD_COLUMNS = [
  { key: 'in-30', suite: 'in-30', group: 'reasoning' },
  { key: 'in-83', suite: 'in-83', group: 'reasoning' },
  { key: 'in-30 (short)', suite: 'in-30', group: 'fitness', short: true, deltaOf: 'in-30' },
  { key: 'in-83 (short)', suite: 'in-83', group: 'fitness', short: true, deltaOf: 'in-83' },
  { key: 'train-set', suite: 'fitness-200', group: 'fitness', trainSet: true },
  { key: 'ood-long-30', suite: 'ood-long-30', group: 'generalisation' },
  { key: 'ood-words-83', suite: 'ood-words-83', group: 'generalisation' },
  { key: 'ood-list-83', suite: 'ood-list-83', group: 'generalisation' },
  { key: 'ood-paren-83', suite: 'ood-paren-83', group: 'generalisation' },
  { key: 'ood-big-83', suite: 'ood-big-83', group: 'generalisation' },
  { key: 'in-30-n1', suite: 'in-30-n1', group: 'robustness', deltaOf: 'in-30' },
  { key: 'in-83-n1', suite: 'in-83-n1', group: 'robustness', deltaOf: 'in-83' },
  { key: 'in-30-n2', suite: 'in-30-n2', group: 'robustness', deltaOf: 'in-30' },
  { key: 'in-83-n2', suite: 'in-83-n2', group: 'robustness', deltaOf: 'in-83' },
] as const;

/** Table 1 for one checkpoint: reasoning, fitness, generalisation and robustness columns. */
async function scorecardStudy(study: Extract<Study, { kind: 'scorecard' }>, ctx: StudyContext): Promise<ScorecardResult> {
  const columns: ScorecardColumn[] = [];
  const wanted = SCORECARD_COLUMNS.filter((col) => study.groups.includes(col.group) || columnsNeededFor(study.groups).includes(col.key));
  for (const [i, col] of wanted.entries()) {
    // The "Training Set" column scores the problems of study.trainedOn's run, else the fixed sample fitness-200.
    const trained = 'trainSet' in col ? study.trainedOn : null;
    const problems = trained ? firstOf(trainedProblems(trained), study.limit) : problemsOf(col.suite, study.shots, study.limit);
    const runs = study.runs || defaultRuns(problems.length);
    const maxLen = 'short' in col ? study.fitnessMaxLength : study.maxCompletionLength;
    const res = await sample(ctx, problems, runs, { ...study, maxCompletionLength: maxLen }, col.key, study.temperature, { part: i + 1, parts: wanted.length });
    const s = summarise(col.suite, res, maxLen, { level: study.ciLevel, resamples: study.resamples, seed: study.seed });
    const base = 'deltaOf' in col ? columns.find((c) => c.key === col.deltaOf) : undefined;
    const analog = trained ? `${s.analog} (trained on)` : 'trainSet' in col ? `${s.analog} (${col.suite})` : s.analog + ('short' in col ? ' (short)' : '');
    // The readouts of "diffuse against concentrated": pass@k at k = runs, and the sampled tokens' mean surprisal.
    const k = readoutK(runs);
    const passK = k === null ? null : suitePassAtK(res.correct, k);
    const passAtK = k === null || passK === null ? null : { k, value: passK };
    const entropy = study.temperature > 0 ? meanSurprisal(res.surprisal, res.lengths) : null;
    columns.push({ key: col.key, suite: trained ? TRAINED_SUITE : col.suite, analog, group: col.group, runs, maxCompletionLength: maxLen, pass1: s.pass1, ci: s.ci, accuracies: s.accuracies, passAtK, entropy, delta: base ? s.pass1 - base.pass1 : null });
  }
  const groups = study.groups.map((g) => {
    const cs = columns.filter((c) => c.group === g);
    return { group: g, average: cs.reduce((a, c) => a + c.pass1, 0) / cs.length };
  });
  return { columns, groups };
}

/** Columns a group's deltas are measured against (the clean, uncapped in-domain scores). */
function columnsNeededFor(groups: readonly string[]): string[] {
  return groups.some((g) => g === 'fitness' || g === 'robustness') ? ['in-30', 'in-83'] : [];
}
