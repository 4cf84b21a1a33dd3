import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { parseExperimentConfig } from '../config';
import { InMemoryRunStore, RunDriver, type RunEvent } from './driver';
import { RunControl } from './run-control';

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
});
