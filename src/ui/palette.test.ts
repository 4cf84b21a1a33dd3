import { describe, expect, it } from 'vitest';
import { MAX_RUNS_SHOWN } from '../url-state';
import { RUN_COLORS, runColors, seriesColor } from './palette';

describe('run colours', () => {
  const ids = Array.from({ length: MAX_RUNS_SHOWN }, (_, i) => `run-${i}`);

  it('give every run the charts may show at once a colour of its own', () => {
    expect(RUN_COLORS.length).toBeGreaterThanOrEqual(MAX_RUNS_SHOWN);
    const colours = [...runColors(ids).values()].map((c) => c.toLowerCase());
    expect(new Set(colours).size).toBe(MAX_RUNS_SHOWN);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('come from the run id, not from the order the runs were ticked', () => {
    const forward = runColors(ids);
    const backward = runColors([...ids].reverse());
    for (const id of ids) expect(backward.get(id)).toBe(forward.get(id));
    // A run keeps its colour alone or beside a run with another slot ...
    expect(runColors(['resume-test']).get('resume-test')).toBe('#bab0ac');
    expect(runColors(['run-0', 'resume-test']).get('resume-test')).toBe('#bab0ac');
    // ... and two ids of one slot still differ: the later in id order moves to the next free one.
    expect(runColors(['pos-neg-pos']).get('pos-neg-pos')).toBe('#f28e2b');
    expect(runColors(['pos-neg-neg']).get('pos-neg-neg')).toBe('#f28e2b');
    const both = runColors(['pos-neg-pos', 'pos-neg-neg']);
    expect(both.get('pos-neg-neg')).toBe('#f28e2b');
    expect(both.get('pos-neg-pos')).toBe('#59a14f');
  });

  it('number series that are not runs by their place', () => {
    expect(seriesColor(0)).toBe(RUN_COLORS[0]);
    expect(seriesColor(RUN_COLORS.length)).toBe(RUN_COLORS[0]);
  });
});
