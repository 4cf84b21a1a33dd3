import type { StudyReport, Pass1Summary } from '../../core/eval/run-study';
import type { MaxGapRow } from '../../core/eval';
import type { StepMetrics } from '../../core/grpo/metrics';

/** The result shapes of the evaluator's studies (src/core/eval/run-study.ts), as the charts read them. */
export type Pass1Result = Pass1Summary;

export interface MaxGapResult {
  suite: string;
  problems: number;
  totalRuns: number;
  rows: MaxGapRow[];
  runScores: number[];
}

export interface SweepPoint {
  temperature: number;
  runs: number;
  pass1: number;
  runScores: number[];
  runStd: number;
  maxRunGap: number;
  uncertainShare: number;
  histogram: number[];
  meanLength: number;
}

export interface SweepResult {
  suite: string;
  problems: number;
  points: SweepPoint[];
}

export interface FlipCounts {
  textChanged: number;
  flipped: number[];
  wrongToRight: number;
  rightToWrong: number;
}

export interface GreedyResult {
  suite: string;
  problems: number;
  sampled: { runs: number; temperature: number; accuracies: number[]; histogram: number[]; uncertainShare: number; pass1: number };
  greedy: { batchSize: number; correct: boolean[]; histogram: number[]; uncertainShare: number; pass1: number };
  byBatch: ({ batchSize: number } & FlipCounts)[];
  byBackend: (({ backend: string } & FlipCounts) | { backend: string; error: string })[];
}

export interface CensusResult {
  problems: number;
  rollouts: number;
  counts: number[];
  allCorrectShare: number;
  allWrongShare: number;
  effectiveShare: number;
  meanAccuracy: number;
}

export interface PerturbationResult {
  suite: string;
  problems: number;
  step: StepMetrics;
  before: boolean[];
  after: boolean[];
  flipped: number[];
  wrongToRight: number;
  rightToWrong: number;
  flippedProblems: { index: number; prompt: string; answer: number; before: boolean; after: boolean }[];
}

export interface LabelledReport<R = unknown> {
  /** 'base' or a run id. */
  source: string;
  sourceLabel: string;
  /** "Orig · in-30", unique among the reports on show. */
  label: string;
  report: StudyReport<R>;
}

function suiteOf(r: StudyReport): string {
  const s = r.study as { suite?: string };
  return s.suite ?? (r.kind === 'census' ? 'training set' : r.kind === 'scorecard' ? 'scorecard' : '');
}

/** Labels every report by where it came from and its suite, numbering repeats. */
export function labelReports(sources: { source: string; sourceLabel: string; reports: StudyReport[] }[]): LabelledReport[] {
  const out: LabelledReport[] = [];
  const seen = new Map<string, number>();
  for (const s of sources) {
    for (const report of s.reports) {
      const base = `${s.sourceLabel} · ${suiteOf(report)}`;
      const key = `${report.kind}/${base}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      out.push({ source: s.source, sourceLabel: s.sourceLabel, label: n > 1 ? `${base} #${n}` : base, report });
    }
  }
  return out;
}

export function ofKind<R>(reports: LabelledReport[], kind: StudyReport['kind']): LabelledReport<R>[] {
  return reports.filter((r) => r.report.kind === kind) as LabelledReport<R>[];
}
