import { beforeAll, describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { parseExperimentConfig } from '../config';
import { InMemoryRunStore, RunDriver, validationPoints, type RunEvent } from './driver';
import { VALIDATION_SUITE } from '../tasks/suites';
import type { WeightArrays } from '../model/policy';
import { RunControl } from './run-control';
import { useWasmBackend } from '../testing/wasm-backend';

const tok = new CharTokenizer();
const modelCfg = { vocabSize: tok.vocabSize, contextLength: 64, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' as const };
const config = parseExperimentConfig({
  numGenerations: 4,
  promptsPerStep: 2,
  data: { trainSize: 30, minOps: 1, maxOps: 2 },
  injection: { enabled: true, gamma: 0.5, numOffline: 2 },
  stages: [{ maxCompletionLength: 20, sampleFilter: 'both', steps: 4 }],
  checkpointEvery: 2,
  evaluation: { every: 2, suite: 'in-30', runs: 1, maxCompletionLength: 20 },
});

const strip = (ms: { secondsSampling: number; secondsScoring: number; secondsUpdating: number }[]) =>
  ms.map(({ secondsSampling: _a, secondsScoring: _b, secondsUpdating: _c, ...rest }) => rest);

// The driver compares runs with runs (same backend, same numbers), so no test here needs the CPU
// backend's exactness; its validation tests sample the 200-problem split many times, which takes
// about five times as long on the CPU backend.
beforeAll(useWasmBackend);

describe('RunDriver', () => {
  it('runs every step, evaluates and checkpoints on schedule, and reports each event', async () => {
    const store = new InMemoryRunStore();
    const events: RunEvent[] = [];
    const policy = Policy.init(modelCfg, tok, 1);
    const status = await new RunDriver({ runId: 'a', config, policy, store, onEvent: (e) => events.push(e) }).run();
    expect(status).toBe('done');
    expect(events.map((e) => e.type)).toEqual(['started', 'eval', 'step', 'step', 'eval', 'checkpoint', 'step', 'step', 'eval', 'checkpoint', 'finished']);
    expect(store.steps.get('a')!.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(store.checkpoints.get('a')!.state.step).toBe(4);
    expect(store.checkpoints.get('a')!.evals.map((e) => e.step)).toEqual([0, 2, 4]);
    // One evaluation run cannot disagree with itself: no uncertain share, not a share of 0.
    expect(store.checkpoints.get('a')!.evals.map((e) => e.uncertainShare)).toEqual([null, null, null]);
    policy.dispose();
  });

  it('records the uncertain share of evaluations during training from two runs on', async () => {
    const store = new InMemoryRunStore();
    const policy = Policy.init(modelCfg, tok, 1);
    const twoRuns = { ...config, evaluation: { ...config.evaluation, runs: 2 }, stages: [{ ...config.stages[0], steps: 2 }] };
    await new RunDriver({ runId: 'u', config: twoRuns, policy, store, onEvent: () => {} }).run();
    const shares = store.checkpoints.get('u')!.evals.map((e) => e.uncertainShare);
    expect(shares).toHaveLength(2);
    for (const u of shares) {
      expect(u).not.toBeNull();
      expect(u!).toBeGreaterThanOrEqual(0);
      expect(u!).toBeLessThanOrEqual(1);
    }
    policy.dispose();
  });

  it('stops cleanly, then resumes from the checkpoint to the numbers of an uninterrupted run', async () => {
    const full = new InMemoryRunStore();
    const p1 = Policy.init(modelCfg, tok, 1);
    await new RunDriver({ runId: 'r', config, policy: p1, store: full, onEvent: () => {} }).run();

    const store = new InMemoryRunStore();
    const p2 = Policy.init(modelCfg, tok, 1);
    let driver: RunDriver | null = null;
    driver = new RunDriver({ runId: 'r', config, policy: p2, store, onEvent: (e) => { if (e.type === 'step' && e.metrics.step === 3) driver!.control.stop(); } });
    expect(await driver.run()).toBe('stopped');
    expect(store.checkpoints.get('r')!.state.step).toBe(3);

    // A new worker: a fresh copy of the base policy, the same store.
    const p3 = Policy.init(modelCfg, tok, 1);
    const events: RunEvent[] = [];
    expect(await new RunDriver({ runId: 'r', config, policy: p3, store, onEvent: (e) => events.push(e) }).run()).toBe('done');
    expect(events[0]).toMatchObject({ type: 'started', step: 3, resumed: true });
    expect(strip(store.steps.get('r')!)).toEqual(strip(full.steps.get('r')!));
    const [wa, wb] = [await p1.weights(), await p3.weights()];
    for (const [name, w] of wa) expect(Array.from(wb.get(name)!)).toEqual(Array.from(w));
    for (const p of [p1, p2, p3]) p.dispose();
  });

  it('obeys the control it is given, even a stop sent before it existed (right after startRun)', async () => {
    const store = new InMemoryRunStore();
    const policy = Policy.init(modelCfg, tok, 1);
    const control = new RunControl();
    control.stop();
    const events: RunEvent[] = [];
    const driver = new RunDriver({ runId: 's', config: { ...config, evaluation: { ...config.evaluation, every: 0 } }, policy, store, control, onEvent: (e) => events.push(e) });
    expect(driver.control).toBe(control);
    expect(await driver.run()).toBe('stopped');
    expect(events.map((e) => e.type)).toEqual(['started', 'checkpoint', 'finished']);
    expect(store.checkpoints.get('s')!.state.step).toBe(0);
    policy.dispose();
  });

  it('waits while paused and goes on when resumed', async () => {
    const store = new InMemoryRunStore();
    const policy = Policy.init(modelCfg, tok, 2);
    const events: RunEvent[] = [];
    let driver: RunDriver | null = null;
    driver = new RunDriver({
      runId: 'p',
      config: { ...config, evaluation: { ...config.evaluation, every: 0 } },
      policy,
      store,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step' && e.metrics.step === 1) driver!.control.pause();
        if (e.type === 'paused') setTimeout(() => driver!.control.resume(), 20);
      },
    });
    expect(await driver.run()).toBe('done');
    expect(events.map((e) => e.type).slice(0, 5)).toEqual(['started', 'step', 'paused', 'resumed', 'step']);
    policy.dispose();
  });

  // Validation every step, a patience of 3, no Figure 3 curve: an untrained policy solves nothing,
  // so validation is flat from the start and plateaus after the fourth evaluation (step 3).
  const validating = { ...config, evaluation: { ...config.evaluation, every: 0 }, stages: [{ ...config.stages[0], steps: 8 }], validation: { ...config.validation, every: 1, runs: 1, patience: 3 } };
  const sameWeights = (a: WeightArrays, b: WeightArrays) => [...a].every(([name, w]) => Array.from(b.get(name)!).every((v, i) => Object.is(v, w[i])));

  it('evaluates on the validation split every K steps, stops on the plateau, and ends with the best checkpoint (the earliest of a tie)', async () => {
    const store = new InMemoryRunStore();
    const policy = Policy.init(modelCfg, tok, 1);
    const start = await policy.weights();
    const events: RunEvent[] = [];
    expect(await new RunDriver({ runId: 'v', config: validating, policy, store, onEvent: (e) => events.push(e) }).run()).toBe('done');
    const saved = store.checkpoints.get('v')!;
    const points = validationPoints(saved.evals);
    expect(points.map((p) => [p.step, p.suite, p.runs])).toEqual([0, 1, 2, 3].map((s) => [s, VALIDATION_SUITE, 1]));
    expect(points.every((p) => p.pass1 === 0)).toBe(true);
    expect(store.steps.get('v')!.map((m) => m.step)).toEqual([1, 2, 3]);
    const outcome = { endStep: 3, endedBy: 'plateau', keep: 'best', keptStep: 0, reason: 'best validation Pass@1 (0.0 %) of 4 evaluations' };
    expect(saved.outcome).toEqual(outcome);
    expect(events.at(-1)).toEqual({ type: 'finished', runId: 'v', step: 3, status: 'done', outcome });
    // The kept step is the start: the policy and the last checkpoint both hold its weights.
    expect(sameWeights(start, await policy.weights())).toBe(true);
    expect(sameWeights(start, saved.state.weights)).toBe(true);
    expect(saved.candidates).toEqual([]);
    // Started again (as the runner does), a run that ended on its plateau ends at once.
    const again: RunEvent[] = [];
    expect(await new RunDriver({ runId: 'v', config: validating, policy: Policy.init(modelCfg, tok, 1), store, onEvent: (e) => again.push(e) }).run()).toBe('done');
    expect(again.map((e) => e.type)).toEqual(['started', 'finished']);
    expect(store.steps.get('v')!).toHaveLength(3);
    policy.dispose();
  });

  it('shortest-within-1pt ends with the weights the run had at the kept step, through a stop and a resume', async () => {
    const cfg = { ...validating, stages: [{ ...validating.stages[0], steps: 4 }], validation: { ...validating.validation, keep: 'shortest-within-1pt' as const, patience: 0 } };
    const full = new InMemoryRunStore();
    const p1 = Policy.init(modelCfg, tok, 1);
    await new RunDriver({ runId: 's', config: cfg, policy: p1, store: full, onEvent: () => {} }).run();
    const outcome = full.checkpoints.get('s')!.outcome!;
    const points = validationPoints(full.checkpoints.get('s')!.evals);
    expect(points).toHaveLength(5);
    const shortest = Math.min(...points.map((p) => p.meanLength));
    expect(outcome).toMatchObject({ endStep: 4, endedBy: 'budget', keep: 'shortest-within-1pt', keptStep: points.find((p) => p.meanLength === shortest)!.step });

    // The same run stopped after step 2 and resumed by a fresh driver: the candidates it stored survive.
    const store = new InMemoryRunStore();
    let driver: RunDriver | null = null;
    driver = new RunDriver({ runId: 's', config: cfg, policy: Policy.init(modelCfg, tok, 1), store, onEvent: (e) => { if (e.type === 'step' && e.metrics.step === 2) driver!.control.stop(); } });
    expect(await driver.run()).toBe('stopped');
    expect(store.checkpoints.get('s')!.outcome).toBeUndefined();
    expect(store.checkpoints.get('s')!.candidates!.length).toBeGreaterThan(0);
    const p3 = Policy.init(modelCfg, tok, 1);
    expect(await new RunDriver({ runId: 's', config: cfg, policy: p3, store, onEvent: () => {} }).run()).toBe('done');
    expect(store.checkpoints.get('s')!.outcome).toEqual(outcome);
    expect(sameWeights(await p1.weights(), await p3.weights())).toBe(true);

    // Those are the weights of a run that trains exactly to the kept step and keeps its last.
    const upTo = new InMemoryRunStore();
    const p4 = Policy.init(modelCfg, tok, 1);
    if (outcome.keptStep > 0) {
      const last = { ...cfg, stages: [{ ...cfg.stages[0], steps: outcome.keptStep }], validation: { ...cfg.validation, every: 0 } };
      await new RunDriver({ runId: 'k', config: last, policy: p4, store: upTo, onEvent: () => {} }).run();
      expect(upTo.checkpoints.get('k')!.outcome).toMatchObject({ keep: 'last', keptStep: outcome.keptStep });
    }
    expect(sameWeights(await p4.weights(), await p1.weights())).toBe(true);
    for (const p of [p1, p3, p4]) p.dispose();
  });
});
