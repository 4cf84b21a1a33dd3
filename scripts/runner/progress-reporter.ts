import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { parseProgress, type ProgressLine } from './protocol';

/**
 * The terminal progress bar of `npm run experiment`: units done, the current unit's step with an
 * ETA, and its latest key metric. On a TTY one line redraws in place; otherwise a line is printed
 * every few seconds.
 */
export default class ProgressReporter implements Reporter {
  private total = 0;
  private finished = 0;
  private failed: string[] = [];
  private current: ProgressLine | null = null;
  private unitStart = Date.now();
  private lastPrint = 0;
  private readonly tty = process.stderr.isTTY;

  onBegin(_config: unknown, suite: { allTests(): TestCase[] }): void {
    this.total = suite.allTests().length;
  }

  onTestBegin(test: TestCase): void {
    this.unitStart = Date.now();
    this.current = { unit: test.title, phase: 'train', label: test.title, done: 0, total: 0 };
    this.draw(true);
  }

  onStdOut(chunk: string | Buffer): void {
    for (const p of parseProgress(chunk.toString())) {
      this.current = p;
      if (p.note) {
        this.clearLine();
        process.stderr.write(`  · ${p.unit}: ${p.note}\n`);
      }
      this.draw(p.note !== undefined);
    }
  }

  onStdErr(chunk: string | Buffer): void {
    this.clearLine();
    process.stderr.write(chunk.toString());
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.finished++;
    this.clearLine();
    const secs = (result.duration / 1000).toFixed(0);
    if (result.status === 'skipped') process.stderr.write(`  ↷ ${test.title} (already finished)\n`);
    else if (result.status === 'passed') process.stderr.write(`  ✓ ${test.title} (${secs} s)\n`);
    else {
      this.failed.push(test.title);
      process.stderr.write(`  ✗ ${test.title}: ${result.error?.message?.split('\n')[0] ?? result.status}\n`);
    }
    this.current = null;
  }

  onEnd(result: FullResult): void {
    this.clearLine();
    process.stderr.write(`${this.finished - this.failed.length}/${this.total} units finished${this.failed.length ? `, ${this.failed.length} failed` : ''} (${result.status})\n`);
  }

  private clearLine(): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!this.tty && !force && now - this.lastPrint < 5000) return;
    this.lastPrint = now;
    const line = progressText({ finished: this.finished, total: this.total, current: this.current, elapsedSeconds: (now - this.unitStart) / 1000 }, this.tty ? (process.stderr.columns ?? 120) - 1 : Infinity);
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(line + '\n');
  }

  printsToStdio(): boolean {
    return true;
  }
}

/**
 * One progress line that fits `width` columns. The counts, step and ETA always stay; what gives
 * way is, in turn, the metric, the bar's width and the label (cut with an ellipsis).
 */
export function progressText(s: { finished: number; total: number; current: ProgressLine | null; elapsedSeconds: number }, width: number): string {
  const p = s.current;
  const head = `[${s.finished}/${s.total}]`;
  if (!p) return head;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const eta = p.phase === 'train' && p.done > 0 && p.total > p.done ? ` ETA ${fmt((s.elapsedSeconds / p.done) * (p.total - p.done))}` : '';
  const counts = `${p.done}/${p.total}${eta}`;
  const bar = (n: number) => (n > 0 ? ` ${'█'.repeat(Math.round(frac * n)).padEnd(n, '░')}` : '');
  const line = (label: string, barWidth: number, metric: boolean) => `${head} ${label} ${p.phase}${bar(barWidth)} ${counts}${metric && p.metric ? ` · ${p.metric}` : ''}`;
  for (const metric of [true, false]) {
    for (let barWidth = 24; barWidth >= 0; barWidth -= 4) if (line(p.label, barWidth, metric).length <= width) return line(p.label, barWidth, metric);
  }
  const room = width - line('', 0, false).length;
  return room >= 2 ? line(`${p.label.slice(0, room - 1)}…`, 0, false) : line('', 0, false).replace(/ {2}/, ' ');
}

function fmt(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
