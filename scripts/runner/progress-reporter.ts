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
      this.draw(false);
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
    const p = this.current;
    const width = 24;
    const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const elapsed = (now - this.unitStart) / 1000;
    const eta = p && p.phase === 'train' && p.done > 0 && p.total > p.done ? ` ETA ${fmt((elapsed / p.done) * (p.total - p.done))}` : '';
    const line = `[${this.finished}/${this.total}] ${p ? `${p.label} ${p.phase} ${bar} ${p.done}/${p.total}${eta}${p.metric ? ` · ${p.metric}` : ''}` : ''}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    else process.stderr.write(line + '\n');
  }

  printsToStdio(): boolean {
    return true;
  }
}

function fmt(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
