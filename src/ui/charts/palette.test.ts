import { describe, expect, it } from 'vitest';
import { MAX_RUNS_SHOWN } from '../url-state';
import { runColor } from './palette';

describe('run colours', () => {
  it('give every run the charts may show at once a colour of its own', () => {
    const colours = Array.from({ length: MAX_RUNS_SHOWN }, (_, i) => runColor(i).toLowerCase());
    expect(new Set(colours).size).toBe(MAX_RUNS_SHOWN);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});
