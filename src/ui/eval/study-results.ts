import type { StudyReport, Pass1Summary } from '../../core/studies/run-study';

/** The result shapes of the evaluator's studies, defined beside the code that builds them (src/core/studies/run-study.ts). */
export type { CensusResult, GreedyResult, MaxGapResult, PerturbationResult, SweepResult } from '../../core/studies/run-study';
export type Pass1Result = Pass1Summary;

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
