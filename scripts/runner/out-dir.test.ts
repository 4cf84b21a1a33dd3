import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDir, OutDirError, readPlanFile, sameUnits, writeAtomic } from './out-dir';
import { presetPlan } from './plan';

const dir = mkdtempSync(join(tmpdir(), 'grpo-out-dir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('results folders', () => {
  it('are made with their parents', () => {
    ensureDir(join(dir, 'a', 'b', 'c'));
    writeAtomic(join(dir, 'a', 'b', 'c', 'f.json'), '{}');
  });
  it('refuse a file, a path under a file and a place that cannot hold folders, in one line', () => {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    expect(() => ensureDir(file)).toThrow(new OutDirError(`${file} is a file, not a folder`));
    expect(() => ensureDir(join(file, 'sub', 'deeper'))).toThrow(new OutDirError(`cannot make ${join(file, 'sub', 'deeper')}: ${file} is a file, not a folder`));
    // mkdirSync(…, { recursive: true }) never returns for this path.
    expect(() => ensureDir('/proc/grpo-lab-results')).toThrow(/^cannot make \/proc\/grpo-lab-results: /);
  });
  it('read a plan back, and refuse a corrupt one by name', () => {
    const plan = presetPlan('pos-neg', 'quick', 1, []);
    const d = join(dir, 'plan');
    expect(readPlanFile(d)).toBeNull();
    writeAtomic(join(d, 'plan.json'), JSON.stringify(plan));
    const back = readPlanFile(d)!;
    expect(sameUnits(back, plan)).toBe(true);
    expect(sameUnits(back, presetPlan('pos-neg', 'quick', 2, []))).toBe(false);
    // The same units listed in another order (an earlier version's arm-major order) are the same plan.
    expect(sameUnits({ ...back, units: [...back.units].reverse() }, plan)).toBe(true);
    writeFileSync(join(d, 'plan.json'), '{"format": "grpo-lab-plan", "units": [');
    expect(() => readPlanFile(d)).toThrow(/plan.json is not a plan of this runner \(not valid JSON: .*\); choose another --out or delete it$/);
    writeFileSync(join(d, 'plan.json'), JSON.stringify({ ...plan, units: [{ ...plan.units[0], id: '..' }] }));
    expect(() => readPlanFile(d)).toThrow(/units.0.id: a unit id must not be a relative folder/);
  });
});
