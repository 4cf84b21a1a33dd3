import type { StudyProgress } from '../../core/studies/run-study';
import { etaSeconds, formatDuration } from './eta';

/** What the Run card says of the active run: the step it is on, how long that step has taken, the time left once a step was timed. */
export interface RunProgressInput {
  status: 'running' | 'paused' | 'stopping';
  step: number;
  totalSteps: number;
  /** Wall-clock ms of the start and of each step event since (the ETA's pace). */
  stepTimes: readonly number[];
}

/** What follows "step k of n" while it runs: the step being worked on, for how long, the time left; null when paused, stopping or done. */
export function runProgressDetail(a: RunProgressInput, now: number): string | null {
  if (a.status !== 'running' || a.step >= a.totalSteps) return null;
  const since = a.stepTimes.at(-1);
  // The clock may be read just before the step event that set `since` (it ticks once a second): never "−1 s".
  // A step samples G completions of P prompts and then updates; the first one also warms the backend up.
  const working = `sampling and updating step ${a.step + 1}${since !== undefined ? ` (${formatDuration(Math.max(0, now - since) / 1000)} so far)` : ''}`;
  const eta = etaSeconds(a.stepTimes, a.totalSteps - a.step);
  return `${working} · ${eta === null ? 'time left known after the first step' : `about ${formatDuration(eta)} left`}`;
}

/** A study as the panels follow it: its progress and when the phase it is in began. */
export interface StudyProgressInput {
  label: string;
  progress: StudyProgress | null;
  /** Wall-clock ms when the current phase reported its first progress. */
  phaseStartedAt: number;
}

/**
 * "Running Orig: scorecard — in-83 (suite 2 of 13): 256 of 1,328 completions · about 40 s left in
 * this suite". The time left is the phase's own pace so far; a phase with nothing sampled yet has none.
 */
export function studyProgressLine(s: StudyProgressInput, now: number): string {
  const p = s.progress;
  if (!p) return `Running ${s.label}: starting…`;
  const part = p.part !== undefined && p.parts !== undefined ? ` (suite ${p.part} of ${p.parts})` : '';
  const count = `${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} completions`;
  const elapsed = (now - s.phaseStartedAt) / 1000;
  const left = p.done > 0 && p.done < p.total ? ` · about ${formatDuration((elapsed * (p.total - p.done)) / p.done)} left in this ${part ? 'suite' : 'pass'}` : p.done === 0 ? ' · sampling the first batch…' : '';
  return `Running ${s.label} — ${p.phase}${part}: ${count}${left}`;
}

/** The phase start to keep when `next` arrives: a new phase (or its first word, done 0) starts the clock again. */
export function nextPhaseStart(prev: StudyProgress | null, prevStart: number, next: StudyProgress, now: number): number {
  return !prev || prev.phase !== next.phase || next.done === 0 ? now : prevStart;
}
