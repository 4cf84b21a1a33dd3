import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RUNS_SHOWN } from './url-state';
import { PALETTE, RUN_COLORS, paletteCss, runColors, seriesColor, withAlpha } from './palette';

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

/** A colour written out: #rgb … #rrggbbaa, or rgb()/rgba()/hsl()/hsla(). */
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|css)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

describe('one palette', () => {
  const ui = join(import.meta.dirname);

  it('is the only file under src/ui that writes a colour', () => {
    const offenders = sourceFiles(ui)
      .filter((f) => relative(ui, f) !== 'palette.ts')
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (line.match(COLOUR_LITERAL) ? [`${relative(ui, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('writes each colour once', () => {
    const literals = (readFileSync(join(ui, 'palette.ts'), 'utf8').match(/'#[0-9a-f]{3,8}'/gi) ?? []).map((h) => h.toLowerCase());
    expect(literals.length).toBeGreaterThan(20);
    expect(literals.filter((h, i) => literals.indexOf(h) !== i)).toEqual([]);
  });

  it('gives the stylesheet every role as a custom property', () => {
    const css = paletteCss();
    expect(css).toContain('--good-bg: #e5f4ea;');
    expect(css).toContain('--projector-dimmed-bg: #d9d9d9;');
    expect(css.match(/--[a-z-]+:/g)).toHaveLength(Object.keys(PALETTE).length);
  });

  it('defines every var(--name) the stylesheets use: in the palette, a rule or an inline style', () => {
    const defined = new Set([...paletteCss().matchAll(/(--[a-z-]+):/g)].map((m) => m[1]));
    const css = sourceFiles(ui).filter((f) => f.endsWith('.css'));
    for (const f of css) for (const m of readFileSync(f, 'utf8').matchAll(/(--[\w-]+)\s*:/g)) defined.add(m[1]);
    // …or from a component's inline style (the classroom's `--g`, its number of answers).
    for (const f of sourceFiles(ui).filter((f) => f.endsWith('.tsx'))) for (const m of readFileSync(f, 'utf8').matchAll(/'(--[\w-]+)'/g)) defined.add(m[1]);
    const used = css.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/var\((--[\w-]+)/g)].map((m) => `${relative(ui, f)}: ${m[1]}`));
    expect(used.filter((u) => !defined.has(u.split(': ')[1]))).toEqual([]);
  });

  it('derives tints from their colour', () => {
    expect(withAlpha(PALETTE.good, 0.5)).toBe('rgba(29, 122, 70, 0.5)');
    expect(PALETTE.goodTint).toBe(withAlpha(PALETTE.good, 0.5));
    expect(() => withAlpha('#fff', 0.5)).toThrow(/#rrggbb/);
  });
});
