/**
 * Tables as text: CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes
 * doubled) and GitHub-flavoured markdown. Every chart and the compare table export through these.
 */
export type Cell = string | number | boolean | null | undefined;

export interface Table {
  columns: string[];
  rows: Cell[][];
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return String(cell);
}

function csvField(cell: Cell): string {
  const s = text(cell);
  // A leading = + - @ would make a spreadsheet evaluate the cell as a formula; numbers are fine.
  const guarded = typeof cell === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv(table: Table): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function mdField(cell: Cell): string {
  return text(cell).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `align[i]` 'r' right-aligns a column (numbers). */
export function toMarkdown(table: Table, align: ('l' | 'r')[] = []): string {
  const head = `| ${table.columns.map(mdField).join(' | ')} |`;
  const rule = `| ${table.columns.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join(' | ')} |`;
  const body = table.rows.map((r) => `| ${table.columns.map((_, i) => mdField(r[i])).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

/** Rows of objects as a table, columns in the given order. */
export function tableOf<T extends Record<string, Cell>>(rows: readonly T[], columns: readonly (keyof T & string)[]): Table {
  return { columns: [...columns], rows: rows.map((r) => columns.map((c) => r[c])) };
}

/** A file name from a title: lower case, words joined by '-'. */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}
