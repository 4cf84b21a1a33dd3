import type { StudyReport } from '../../core/studies/run-study';
import { StudyReportSchema } from '../../core/eval/results';
import { BASE_STUDIES_KEY } from './storage-keys';

/** Reports of studies of the base checkpoint: kept in localStorage (the last 40), read back by their kind. */
const MAX_BASE_STUDIES = 40;

export function loadBaseStudies(): StudyReport[] {
  try {
    const raw = globalThis.localStorage?.getItem(BASE_STUDIES_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    // localStorage is anyone's to edit: keep only reports that parse by their kind, as imports do.
    return Array.isArray(parsed) ? parsed.flatMap((r) => {
      const report = StudyReportSchema.safeParse(r);
      return report.success ? [report.data as StudyReport] : [];
    }) : [];
  } catch {
    return [];
  }
}

export function saveBaseStudies(reports: StudyReport[]): void {
  try {
    globalThis.localStorage?.setItem(BASE_STUDIES_KEY, JSON.stringify(reports.slice(-MAX_BASE_STUDIES)));
  } catch {
    // Storage full or disabled: the reports stay for this session.
  }
}
