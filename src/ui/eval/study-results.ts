import { mean } from '../../core/grpo/numbers';
import type { MaxGapResult, StudyReport, Pass1Summary } from '../../core/studies/run-study';

/** The result shapes of the evaluator's studies, defined beside the code that builds them (src/core/studies/run-study.ts). */
export type { CensusResult, GreedyResult, MaxGapResult, PerturbationResult, SweepResult } from '../../core/studies/run-study';
export type Pass1Result = Pass1Summary;

export interface LabelledReport<R = unknown> {
  /** 'base' or a run id. */
  source: string;
  sourceLabel: string;
  /** "Orig · in-30", unique among the reports on show. */
  label: string;
  /** The key of its repeats: the same study, but for its seed, of the same policy and suite (a preset's training seeds). */
  repeatKey: string;
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
      const settings = JSON.stringify({ ...report.study, seed: undefined });
      out.push({ source: s.source, sourceLabel: s.sourceLabel, label: n > 1 ? `${base} #${n}` : base, repeatKey: `${s.source}/${base}/${settings}`, report });
    }
  }
  return out;
}

export function ofKind<R>(reports: LabelledReport[], kind: StudyReport['kind']): LabelledReport<R>[] {
  return reports.filter((r) => r.report.kind === kind) as LabelledReport<R>[];
}

/** Repeats of one study on one policy and suite, drawn as one series: their mean. */
export interface RepeatGroup<R> {
  /** The first report's label, and how many reports the mean is over. */
  label: string;
  members: LabelledReport<R>[];
}

/** The reports of one kind grouped into repeats, in the order their first report came. */
export function repeatGroups<R>(reports: readonly LabelledReport<R>[]): RepeatGroup<R>[] {
  const byKey = new Map<string, LabelledReport<R>[]>();
  for (const r of reports) byKey.set(r.repeatKey, [...(byKey.get(r.repeatKey) ?? []), r]);
  return [...byKey.values()].map((members) => ({ label: members.length > 1 ? `${members[0].label} · mean of ${members.length} reports` : members[0].label, members }));
}

/** Each accuracy bin's share of the suite, averaged over reports: `histogram` counts problems per bin. */
export function meanBinShares(results: readonly { histogram: readonly number[]; problems: number }[]): number[] {
  return results[0].histogram.map((_, b) => mean(results.map((r) => r.histogram[b] / r.problems)));
}

/** Mean Pass@1 and max gap at `runs` runs per trial, over reports; null where a report lacks that many runs. */
export function meanMaxGapAt(results: readonly MaxGapResult[], runs: number): { meanPass1: number; maxGap: number } | null {
  const rows = results.map((r) => r.rows.find((x) => x.runs === runs));
  if (rows.some((x) => !x || !x.available)) return null;
  const available = rows as Extract<MaxGapResult['rows'][number], { available: true }>[];
  return { meanPass1: mean(available.map((x) => x.meanPass1)), maxGap: mean(available.map((x) => x.maxGap)) };
}
