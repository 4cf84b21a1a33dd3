import { seedProblemInterval } from '../../src/core/eval/seed-interval';

/** How the report writes numbers: percentages with one decimal, intervals in brackets. */
export const pts = (x: number) => (x * 100).toFixed(1);
export const signed = (x: number) => `${x >= 0 ? '+' : '−'}${pts(Math.abs(x))}`;

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** An arm's value with its interval over seeds and problems; the mean alone with one seed. Shares by default, as points. */
export function showTable(t: number[][] | string, show: (x: number) => string = pts): string {
  if (typeof t === 'string') return '—';
  const flat = t.flat();
  const m = flat.reduce((a, b) => a + b, 0) / flat.length;
  const i = seedProblemInterval(t);
  return i ? `${show(i.mean)} [${show(i.lo)}, ${show(i.hi)}]` : show(m);
}

/** Nats per token, as the entropy readout is written. */
export const nats = (x: number) => x.toFixed(3);
