import { seedProblemInterval } from '../../src/core/eval/seed-interval';

/** How the report writes numbers: percentages with one decimal, intervals in brackets. */
export const pts = (x: number) => (x * 100).toFixed(1);
export const signed = (x: number) => `${x >= 0 ? '+' : '−'}${pts(Math.abs(x))}`;

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** An arm's value with its interval over seeds and problems; the mean alone with one seed. */
export function showTable(t: number[][] | string): string {
  if (typeof t === 'string') return '—';
  const flat = t.flat();
  const m = flat.reduce((a, b) => a + b, 0) / flat.length;
  const i = seedProblemInterval(t);
  return i ? `${pts(i.mean)} [${pts(i.lo)}, ${pts(i.hi)}]` : pts(m);
}
