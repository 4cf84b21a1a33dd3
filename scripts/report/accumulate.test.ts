import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UNIT_FILES } from '../runner/protocol';
import type { Unit } from '../runner/plan';
import type { UnitResult } from '../runner/summary';
import type { StepMetrics } from '../../src/core/grpo/metrics';
import { accumulate, loadReportData, runnerDir, type RunPreset } from './accumulate';
import { presetPlan } from '../runner/plan';
import { readPresetData, ReportDataError, writeStoredUnit } from './data';
import { renderReport } from './render';
import { partialFile, readPartial, writePartial } from './partial';

/**
 * The report builds up over invocations: the quick `instability` preset (1 arm × 2 seeds, the
 * smallest with paired seed-level claims) split over two invocations gives the same report-data
 * and the same REPORT.md as one invocation. The runner is replaced by a stand-in that writes a
 * fixed result per unit, as the runner would, for the units whose folder holds no result yet: the
 * accumulation logic (what to skip, what to store, what to render) is the real one.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'grpo-report-'));
  dirs.push(d);
  return d;
}

/** A fixed, valid result for a unit of the instability preset: every study's report, seeded by the unit. */
function resultOf(unit: Unit): UnitResult {
  const k = unit.seed;
  const acc = (n: number, shift: number) => Array.from({ length: n }, (_, p) => ((p * 7 + k * 3 + shift) % 9) / 8);
  const studies = unit.studies.map((study) => {
    const base = { kind: study.kind, study, backend: { name: 'wasm', adapter: 'test' }, startedAt: '2026-01-01T00:00:00.000Z', seconds: 1 };
    const suite = (study as { suite?: string }).suite ?? 'in-30';
    const n = Number(suite.match(/\d+/)![0]);
    const a = acc(n, suite.length);
    const pass1 = a.reduce((x, y) => x + y, 0) / n;
    switch (study.kind) {
      case 'pass1':
        return { ...base, result: { suite, analog: suite, problems: n, runs: 2, maxCompletionLength: 64, pass1, ci: [0, 1], runScores: [pass1, pass1], runStd: 0.01 * k, maxRunGap: 0.1 + 0.01 * k, accuracies: a, histogram: [n], uncertainShare: suite === 'in-30' ? 0.5 + 0.01 * k : 0.1, meanLength: 40 } };
      case 'maxGap':
        return { ...base, result: { suite, problems: n, totalRuns: 8, runScores: [pass1], rows: study.runsPerTrial.map((r, i) => ({ runs: r, available: true, meanPass1: pass1, maxGap: 0.2 / (i + 1) + 0.01 * k, trialScores: [pass1] })) } };
      case 'temperatureSweep':
        return { ...base, result: { suite, problems: n, points: study.temperatures.map((t) => ({ temperature: t, runs: 2, pass1, runScores: [pass1, pass1], runStd: 0.02, maxRunGap: t === 0 ? 0 : 0.1 + 0.01 * k, uncertainShare: 0.3, histogram: [n], meanLength: 40 })) } };
      case 'greedy':
        return { ...base, result: { suite, problems: n, sampled: { runs: 2, temperature: 0.6, accuracies: a, histogram: [n], uncertainShare: 0.3, pass1 }, greedy: { batchSize: 1, correct: a.map((x) => x > 0.5), histogram: [n], uncertainShare: 0, pass1: 0.5 }, byBatch: [{ batchSize: 4, flipped: [k], wrongToRight: 1, rightToWrong: 0, textChanged: 1 }], byBackend: [] } };
      case 'perturbation':
        return { ...base, result: { suite, problems: n, step: STEP, before: a.map((x) => x > 0.5), after: a.map((x) => x > 0.4), flipped: [], wrongToRight: 0, rightToWrong: 0, flippedProblems: [] } };
      default:
        throw new Error(`no fixture for ${study.kind}`);
    }
  });
  return { unitId: unit.id, status: 'done', backend: { name: 'wasm', adapter: 'test' }, wallSeconds: 30 + k, metrics: [], evals: [], studies: studies as UnitResult['studies'] };
}

/** One GRPO step's metrics, as the perturbation study reports them. */
const STEP: StepMetrics = {
  step: 1, stage: 0, sampleFilter: 'both', maxCompletionLength: 64, reward: 0.5, accuracy: 0.5, meanLength: 40, meanLengthCorrect: 38,
  truncatedShare: 0, allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 4, negativeUsed: 4,
  injected: 0, loss: 0.1, gradNorm: 0.3, clipFraction: 0, kl: 0, entropy: 1.2, tokensUsed: 300, skippedUpdate: false,
  secondsSampling: 1, secondsScoring: 0.01, secondsUpdating: 2,
};

/** Writes one unit's result into the runner's folder, as the runner does when the unit finishes. */
function finish(out: string, unit: Unit): void {
  const dir = join(out, 'units', unit.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, UNIT_FILES.result), JSON.stringify(resultOf(unit)));
}

/** The runner's stand-in: finishes the units without a result in its folder, at most `limit`, and exits 130 (stopped) if it left some. */
function standIn(calls: string[][], limit = Infinity): RunPreset {
  return async (_id, plan, out) => {
    const todo = plan.units.filter((u) => !existsSync(join(out, 'units', u.id, UNIT_FILES.result)));
    const now = todo.slice(0, limit);
    for (const u of now) finish(out, u);
    calls.push(now.map((u) => u.id));
    return now.length < todo.length ? 130 : 0;
  };
}

const CHECKPOINT = 'c'.repeat(64);
const opts = (dataDir: string, resultsDir: string) => ({ presets: ['instability'], size: 'quick' as const, dataDir, resultsDir, machine: 'test machine', checkpoint: CHECKPOINT, storeEveryMs: 5 });

describe('the accumulating report', () => {
  it('stores each unit while the runner is still running, and refuses units of another base checkpoint', async () => {
    const data = tmp();
    const seen: number[] = [];
    // A runner that finishes one unit, then keeps running a while before the next: the first is stored meanwhile.
    const slow: RunPreset = async (_id, plan, out) => {
      finish(out, plan.units[0]);
      await new Promise((r) => setTimeout(r, 60));
      seen.push(readPresetData(data, 'instability').length);
      for (const u of plan.units.slice(1)) finish(out, u);
      return 0;
    };
    const outcome = await accumulate(opts(data, tmp()), slow);
    expect(seen).toEqual([1]);
    expect(outcome.ran).toHaveLength(2);
    expect(readPresetData(data, 'instability').every((u) => u.checkpoint === CHECKPOINT)).toBe(true);
    await expect(accumulate({ ...opts(data, tmp()), checkpoint: 'd'.repeat(64) }, standIn([]))).rejects.toThrow(/started from another base checkpoint \(weights cccccccccccc…, the shipped one is dddddddddddd…\)/);
  });

  it('split over two invocations skips what the first finished and renders what one invocation renders', async () => {
    // One invocation, all units.
    const oneData = tmp();
    const oneCalls: string[][] = [];
    const one = await accumulate(opts(oneData, tmp()), standIn(oneCalls));
    expect(one).toEqual({ ran: ['instability/Orig__seed1', 'instability/Orig__seed2'], skipped: [], carried: [], failed: [], interrupted: false });

    // Two invocations on two machines (fresh results folders), sharing report-data: the first
    // stops after one unit, the second runs only the other.
    const twoData = tmp();
    const calls: string[][] = [];
    const first = await accumulate(opts(twoData, tmp()), standIn(calls, 1));
    expect(first.ran).toEqual(['instability/Orig__seed1']);
    expect(first.interrupted).toBe(true);
    expect(readdirSync(join(twoData, 'instability'))).toEqual(['Orig__seed1.json']);
    const second = await accumulate(opts(twoData, tmp()), standIn(calls));
    expect(second.skipped).toEqual(['instability/Orig__seed1']);
    expect(second.ran).toEqual(['instability/Orig__seed2']);
    expect(calls).toEqual([['Orig__seed1'], ['Orig__seed2']]);

    // Nothing left: a third invocation runs nothing.
    const third: string[][] = [];
    expect((await accumulate(opts(twoData, tmp()), standIn(third))).ran).toEqual([]);
    expect(third).toEqual([]);

    for (const f of ['Orig__seed1.json', 'Orig__seed2.json']) expect(readFileSync(join(twoData, 'instability', f), 'utf8')).toBe(readFileSync(join(oneData, 'instability', f), 'utf8'));
    const meta = { command: 'npm run report', notes: [] };
    const md = renderReport(loadReportData(twoData), meta);
    expect(md).toBe(renderReport(loadReportData(oneData), meta));
    // Two seeds: the instability claims have intervals and verdicts.
    expect(md).toMatch(/\| Takeaway 5\.1 \| \*\*(reproduced|not reproduced|inconclusive)\*\* \| .* at 2 seeds/);
    expect(md).toContain('| instability | Figures 4, 5; Tables 4, 5, 7 | quick | 2 (1, 2) | 2/2 |');
  });

  it('never stores what a scratch folder of another definition of the preset left behind', async () => {
    // A results folder from an older preset definition: another plan, and a result for a unit id
    // the new plan shares. The runner would refuse that folder; its stale result must not be stored.
    const data = tmp();
    const results = tmp();
    const plan = presetPlan('instability', 'quick', undefined, []);
    const dir = runnerDir(results, plan);
    mkdirSync(join(dir, 'units', 'Orig__seed1'), { recursive: true });
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...plan, units: plan.units.map((u) => ({ ...u, studies: [] })) }));
    writeFileSync(join(dir, 'units', 'Orig__seed1', UNIT_FILES.result), JSON.stringify({ ...resultOf(plan.units[0]), wallSeconds: 999 }));
    const outcome = await accumulate(opts(data, results), standIn([]));
    expect(outcome.ran).toEqual(['instability/Orig__seed1', 'instability/Orig__seed2']);
    expect(readPresetData(data, 'instability').map((u) => u.wallSeconds)).toEqual([31, 32]);
  });

  it('keeps what the units need and no per-step samples: small files', async () => {
    const data = tmp();
    await accumulate(opts(data, tmp()), standIn([]));
    const [u] = readPresetData(data, 'instability');
    expect(Object.keys(u).sort()).toEqual(['backend', 'checkpoint', 'evals', 'fingerprint', 'format', 'machine', 'metrics', 'preset', 'size', 'studies', 'unit', 'version', 'wallSeconds']);
    expect(u.machine).toBe('test machine');
  });

  it('refuses a unit made by another definition of the preset, and mixing sizes, naming the file', async () => {
    const data = tmp();
    await accumulate(opts(data, tmp()), standIn([]));
    const [u] = readPresetData(data, 'instability');
    writeStoredUnit(data, { ...u, fingerprint: '0'.repeat(64) });
    await expect(accumulate(opts(data, tmp()), standIn([]))).rejects.toThrow(/Orig__seed1\.json was made by another definition of preset instability/);
    writeStoredUnit(data, u);
    await expect(accumulate({ ...opts(data, tmp()), size: 'full' }, standIn([]))).rejects.toThrow(/holds quick-size units; a full-size run would mix two sizes/);
    writeFileSync(join(data, 'instability', 'Orig__seed2.json'), '{"format": "nope"}');
    expect(() => readPresetData(data, 'instability')).toThrow(ReportDataError);
    expect(() => readPresetData(data, 'instability')).toThrow(/Orig__seed2\.json is not a report unit of this version/);
  });
});

describe('an unfinished unit that trains nothing', () => {
  /** A runner stand-in that finishes the first `count` studies of every unit, as the runner writes them, and is then stopped. */
  const stoppedAfter = (count: number, seen: string[][] = []): RunPreset => async (_id, plan, out) => {
    for (const u of plan.units) {
      const dir = join(out, 'units', u.id);
      mkdirSync(dir, { recursive: true });
      seen.push(readdirSync(dir).sort());
      resultOf(u).studies.slice(0, count).forEach((s, i) => writeFileSync(join(dir, UNIT_FILES.study(i)), JSON.stringify(s)));
    }
    return 130;
  };
  const plan = presetPlan('instability', 'quick', undefined, []);

  it('is carried study by study into report-data and goes on after them on another machine', async () => {
    const data = tmp();
    const first = await accumulate(opts(data, tmp()), stoppedAfter(2));
    expect(first.ran).toEqual([]);
    expect(first.interrupted).toBe(true);
    const total = plan.units[0].studies.length;
    expect(first.carried).toEqual([`instability/Orig__seed1 (2 of ${total} studies)`, `instability/Orig__seed2 (2 of ${total} studies)`]);
    expect(readdirSync(join(data, 'instability'))).toEqual(['partial']);
    expect(readdirSync(join(data, 'instability', 'partial')).sort()).toEqual(['Orig__seed1.json', 'Orig__seed2.json']);
    // Not a stored unit: the report has nothing of the preset yet.
    expect(loadReportData(data)).toEqual({});

    // A second machine (a fresh results folder) gets the carried studies before its runner starts, and one more.
    const seen: string[][] = [];
    const second = await accumulate(opts(data, tmp()), stoppedAfter(3, seen));
    expect(seen).toEqual([['study-0.json', 'study-1.json'], ['study-0.json', 'study-1.json']]);
    expect(second.carried).toEqual([`instability/Orig__seed1 (3 of ${total} studies)`, `instability/Orig__seed2 (3 of ${total} studies)`]);

    // A third finishes: the units are stored whole, the partial files go, and the result is what one invocation stores.
    const results = tmp();
    const third = await accumulate(opts(data, results), async (_id, p, out) => {
      for (const u of p.units) {
        expect(JSON.parse(readFileSync(join(out, 'units', u.id, UNIT_FILES.study(2)), 'utf8'))).toEqual(resultOf(u).studies[2]);
        finish(out, u);
      }
      return 0;
    });
    expect(third.ran).toEqual(['instability/Orig__seed1', 'instability/Orig__seed2']);
    expect(third.carried).toEqual([]);
    expect(readdirSync(join(data, 'instability')).sort()).toEqual(['Orig__seed1.json', 'Orig__seed2.json']);
    const once = tmp();
    await accumulate(opts(once, tmp()), standIn([]));
    for (const f of ['Orig__seed1.json', 'Orig__seed2.json']) expect(readFileSync(join(data, 'instability', f), 'utf8')).toBe(readFileSync(join(once, 'instability', f), 'utf8'));
  });

  it('carries only whole studies in order: one being written, or after a gap, waits', async () => {
    const data = tmp();
    await accumulate(opts(data, tmp()), async (_id, p, out) => {
      const studies = resultOf(p.units[0]).studies;
      const dir = join(out, 'units', p.units[0].id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, UNIT_FILES.study(0)), JSON.stringify(studies[0]));
      writeFileSync(join(dir, UNIT_FILES.study(1)), JSON.stringify(studies[1]).slice(0, 40));
      writeFileSync(join(dir, UNIT_FILES.study(2)), JSON.stringify(studies[2]));
      return 130;
    });
    expect(readPartial(data, plan, plan.units[0], CHECKPOINT)).toEqual([resultOf(plan.units[0]).studies[0]]);
    expect(readPartial(data, plan, plan.units[1], CHECKPOINT)).toEqual([]);
  });

  it('refuses a carried file that does not match the unit, naming it, before anything runs', async () => {
    const data = tmp();
    await accumulate(opts(data, tmp()), stoppedAfter(2));
    const file = join(data, 'instability', 'partial', 'Orig__seed1.json');
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { studies: { kind: string }[] };
    const refused = async (patch: object, message: RegExp) => {
      writeFileSync(file, JSON.stringify({ ...good, ...patch }));
      const calls: string[][] = [];
      await expect(accumulate(opts(data, tmp()), standIn(calls))).rejects.toThrow(message);
      expect(calls).toEqual([]);
    };
    await refused({ fingerprint: '0'.repeat(64) }, /Orig__seed1\.json was made by another definition of preset instability/);
    await refused({ checkpoint: 'd'.repeat(64) }, /started from another base checkpoint \(weights dddddddddddd…, the shipped one is cccccccccccc…\)/);
    await refused({ unitId: 'Orig__seed2' }, /holds unit Orig__seed2 of preset instability; it belongs in .*partial\/Orig__seed2\.json/);
    await refused({ size: 'full' }, /was made at full size, this run is at quick size/);
    await refused({ studies: [good.studies[1], good.studies[0]] }, /study 1 is not the unit's study 1 \(pass1 in-83 where the unit plans pass1 in-30\)/);
    await refused({ studies: [] }, /is not a partial report unit of this version/);
    writeFileSync(file, '{"format": ');
    await expect(accumulate(opts(data, tmp()), standIn([]))).rejects.toThrow(/Orig__seed1\.json is not valid JSON/);
    // A trained unit's studies need its weights: never carried.
    const posNeg = presetPlan('pos-neg', 'quick', undefined, []);
    const trained = posNeg.units.find((u) => u.config)!;
    mkdirSync(join(data, 'pos-neg', 'partial'), { recursive: true });
    writeFileSync(partialFile(data, 'pos-neg', trained.id), JSON.stringify({ ...good, preset: 'pos-neg', unitId: trained.id }));
    expect(() => readPartial(data, posNeg, trained, CHECKPOINT)).toThrow(/pos-neg\/partial\/\w+__seed1\.json carries studies of a trained unit/);
  });

  it('drops a carried file of a unit another invocation has since stored whole', async () => {
    const data = tmp();
    await accumulate(opts(data, tmp()), standIn([]));
    writePartial(data, plan, plan.units[0], resultOf(plan.units[0]).studies.slice(0, 1), CHECKPOINT);
    const outcome = await accumulate(opts(data, tmp()), standIn([]));
    expect(outcome.skipped).toHaveLength(2);
    expect(readdirSync(join(data, 'instability')).sort()).toEqual(['Orig__seed1.json', 'Orig__seed2.json']);
  });
});
