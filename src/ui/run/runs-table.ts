import type { ExperimentConfig } from '../../core/config';
import type { RunSummary } from '../../../workers/api';
import { KNOB_FIELDS, configValue } from '../form/knob-fields';
import { encodeStages } from '../form/draft';

/**
 * The runs table's pure parts: a config as flat knob → value pairs (the stages in their link
 * notation), which knobs differ between runs, the diff of two configs, sorting, filtering and the
 * seed group a run belongs to.
 */

/** Every knob of a config as "path → value", the stages first: the runs table's columns and the diff's rows. */
export function configEntries(c: ExperimentConfig): Map<string, string> {
  const out = new Map<string, string>([['stages', encodeStages(c.stages)]]);
  for (const f of KNOB_FIELDS) out.set(f.path, String(configValue(c, f.path)));
  return out;
}

/** Knobs the runs table leaves out of its columns: the name is the label's business. */
const NOT_A_COLUMN = new Set(['name']);

/** The knobs whose value is not the same in every config (in schema order): the columns that tell runs apart. */
export function differingKeys(configs: readonly ExperimentConfig[]): string[] {
  if (configs.length < 2) return [];
  const entries = configs.map(configEntries);
  return [...entries[0].keys()].filter((k) => !NOT_A_COLUMN.has(k) && entries.some((e) => e.get(k) !== entries[0].get(k)));
}

export interface DiffRow {
  key: string;
  a: string;
  b: string;
}

/** The knobs two configs set differently, name included, and nothing else. */
export function configDiff(a: ExperimentConfig, b: ExperimentConfig): DiffRow[] {
  const ea = configEntries(a);
  const eb = configEntries(b);
  return [...ea.keys()].filter((k) => ea.get(k) !== eb.get(k)).map((k) => ({ key: k, a: ea.get(k)!, b: eb.get(k)! }));
}

/** A column to sort by: one of the table's own, or a config knob ("config:learningRate"). */
export type SortKey = 'created' | 'label' | 'status' | 'steps' | `config:${string}`;
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** The newest run first, as the table opens. */
export const DEFAULT_SORT: Sort = { key: 'created', dir: 'desc' };

function sortValue(r: RunSummary, key: SortKey): string | number {
  switch (key) {
    case 'created':
      return r.createdAt;
    case 'label':
      return (r.label || r.runId).toLowerCase();
    case 'status':
      return r.status;
    case 'steps':
      return r.step;
    default: {
      const v = configEntries(r.config).get(key.slice('config:'.length)) ?? '';
      const n = Number(v);
      return v !== '' && Number.isFinite(n) ? n : v;
    }
  }
}

/** Runs in `sort`'s order; ties keep the newest first. Numbers compare as numbers (1e-4 before 3e-4 before 0.001). */
export function sortRuns(runs: readonly RunSummary[], sort: Sort): RunSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...runs].sort((x, y) => {
    const a = sortValue(x, sort.key);
    const b = sortValue(y, sort.key);
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    return c !== 0 ? sign * c : y.createdAt.localeCompare(x.createdAt);
  });
}

/** The next sort when a column's header is pressed: that column ascending, then descending. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}

/**
 * Runs that match every word of `text` (case-insensitive): a word with "=" matches a knob written
 * "path=value" ("lossType=dr_grpo", "seed=3", "rlr.enabled=true"; a prefix of the value is enough),
 * any other word the run's name, id, notes, status, backend or preset.
 */
export function filterRuns(runs: readonly RunSummary[], text: string): RunSummary[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...runs];
  return runs.filter((r) => {
    const knobs = [...configEntries(r.config)].map(([k, v]) => `${k}=${v}`.toLowerCase());
    const hay = [r.label, r.runId, r.notes ?? '', r.status, r.backend.name, r.presetId ?? '', r.imported ? 'imported' : ''].join('\n').toLowerCase();
    return words.every((w) => (w.includes('=') ? knobs.some((k) => k.startsWith(w)) : hay.includes(w)));
  });
}

/** Knobs a seed group may differ in: the seed, and the name (a sweep names each seed's run). */
const NOT_OF_THE_GROUP = new Set(['seed', 'name']);

/** What runs of one seed group share: every knob but the seed (and the name). Two runs with the same key differ only by seed. */
export function seedGroupKey(c: ExperimentConfig): string {
  return JSON.stringify([...configEntries(c)].filter(([k]) => !NOT_OF_THE_GROUP.has(k)));
}
