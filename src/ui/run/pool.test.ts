import { describe, expect, it } from 'vitest';
import { assign, runPool, SlotLostError, type PoolEvent } from './pool';

/** Work whose units end only when the test says so: `end(unit)` settles one. */
function controlled() {
  const pending = new Map<number, { resolve: (o: 'done' | 'stopped') => void; reject: (e: Error) => void }>();
  const started: [number, number][] = [];
  const work = (unit: number, slot: number) =>
    new Promise<'done' | 'stopped'>((resolve, reject) => {
      started.push([unit, slot]);
      pending.set(unit, { resolve, reject });
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return {
    work,
    started,
    running: () => [...pending.keys()],
    async end(unit: number, outcome: 'done' | 'stopped' | Error = 'done') {
      const p = pending.get(unit);
      if (!p) throw new Error(`unit ${unit} is not running`);
      pending.delete(unit);
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
      await tick();
    },
    tick,
  };
}

describe('assign', () => {
  it('gives the first waiting units to the lowest free slots, in order', () => {
    expect(assign([3, 4, 5], [2, 0])).toEqual([
      { unit: 3, slot: 0 },
      { unit: 4, slot: 2 },
    ]);
    expect(assign([7], [1, 0, 2])).toEqual([{ unit: 7, slot: 0 }]);
    expect(assign([], [0, 1])).toEqual([]);
    expect(assign([1, 2], [])).toEqual([]);
  });
});

describe('runPool', () => {
  it('with one slot runs the units one after another, in their order', async () => {
    const order: string[] = [];
    const results = await runPool(
      [0, 1, 2, 3],
      1,
      async (unit, slot) => {
        order.push(`start ${unit}@${slot}`);
        await new Promise((r) => setTimeout(r, 0));
        order.push(`end ${unit}`);
        return 'done';
      },
      { cancelled: () => false },
    );
    expect(order).toEqual(['start 0@0', 'end 0', 'start 1@0', 'end 1', 'start 2@0', 'end 2', 'start 3@0', 'end 3']);
    expect([...results.values()].map((r) => r.outcome)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('keeps every slot busy: a freed slot takes the next waiting unit', async () => {
    const c = controlled();
    const events: PoolEvent[] = [];
    const done = runPool([0, 1, 2, 3, 4], 2, c.work, { cancelled: () => false, onEvent: (e) => events.push(e) });
    await c.tick();
    expect(c.started).toEqual([
      [0, 0],
      [1, 1],
    ]);
    await c.end(1);
    expect(c.started.at(-1)).toEqual([2, 1]);
    await c.end(0);
    expect(c.started.at(-1)).toEqual([3, 0]);
    await c.end(2);
    await c.end(3);
    await c.end(4);
    const results = await done;
    expect([...results.entries()].map(([u, r]) => [u, r.outcome, r.slot])).toEqual([
      [0, 'done', 0],
      [1, 'done', 1],
      [2, 'done', 1],
      [3, 'done', 0],
      [4, 'done', 1],
    ]);
    // The events order every start and end: unit 0 and unit 1 overlapped, as the page records them.
    const seqOf = (type: string, unit: number) => events.find((e) => e.type === type && e.unit === unit)!.seq;
    expect(seqOf('start', 1)).toBeLessThan(seqOf('end', 0));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  it('never runs more units at once than it has slots, nor more slots than units', async () => {
    const c = controlled();
    const done = runPool([0, 1], 4, c.work, { cancelled: () => false });
    await c.tick();
    expect(c.started).toEqual([
      [0, 0],
      [1, 1],
    ]);
    await c.end(0);
    await c.end(1);
    await done;
  });

  it('a unit that fails frees its slot, keeps its message, and the others run to their end', async () => {
    const c = controlled();
    const done = runPool([0, 1, 2], 2, c.work, { cancelled: () => false });
    await c.tick();
    await c.end(0, new Error('the lab worker failed 5 times within 5 minutes'));
    expect(c.started.at(-1)).toEqual([2, 0]);
    await c.end(1);
    await c.end(2, 'stopped');
    const results = await done;
    expect(results.get(0)).toEqual({ outcome: 'failed', slot: 0, error: 'the lab worker failed 5 times within 5 minutes' });
    expect(results.get(1)?.outcome).toBe('done');
    expect(results.get(2)?.outcome).toBe('stopped');
  });

  it('a unit whose worker is lost for good takes its slot with it: the waiting units go to the slots left', async () => {
    const c = controlled();
    const done = runPool([0, 1, 2, 3], 2, c.work, { cancelled: () => false });
    await c.tick();
    await c.end(1, new SlotLostError('the lab worker was closed'));
    // Slot 1 is gone: unit 2 waits for slot 0.
    expect(c.started).toHaveLength(2);
    await c.end(0);
    expect(c.started.at(-1)).toEqual([2, 0]);
    await c.end(2);
    expect(c.started.at(-1)).toEqual([3, 0]);
    await c.end(3);
    const results = await done;
    expect(results.get(1)).toEqual({ outcome: 'failed', slot: 1, error: 'the lab worker was closed' });
    expect([0, 2, 3].map((u) => results.get(u)?.outcome)).toEqual(['done', 'done', 'done']);
  });

  it('when every slot is lost, the units still waiting fail, saying so', async () => {
    const results = await runPool([0, 1], 1, async () => Promise.reject(new SlotLostError('gone')), { cancelled: () => false });
    expect(results.get(0)).toMatchObject({ outcome: 'failed', error: 'gone' });
    expect(results.get(1)).toEqual({ outcome: 'failed', error: 'every lab worker of the job was lost' });
  });

  it('a unit whose work throws before its first await fails alone too', async () => {
    const results = await runPool(
      [0, 1],
      1,
      (unit) => {
        if (unit === 0) throw new Error('bad unit');
        return Promise.resolve('done');
      },
      { cancelled: () => false },
    );
    expect(results.get(0)).toMatchObject({ outcome: 'failed', error: 'bad unit' });
    expect(results.get(1)?.outcome).toBe('done');
  });

  it('cancelled, starts no waiting unit and waits for the running ones to end', async () => {
    const c = controlled();
    let cancelled = false;
    const done = runPool([0, 1, 2, 3], 2, c.work, { cancelled: () => cancelled });
    await c.tick();
    cancelled = true;
    await c.end(0, 'stopped');
    expect(c.started).toHaveLength(2);
    expect(c.running()).toEqual([1]);
    await c.end(1, 'stopped');
    const results = await done;
    expect([...results.values()].map((r) => r.outcome)).toEqual(['stopped', 'stopped', 'cancelled', 'cancelled']);
  });

  it('refuses a slot count that is not a positive whole number', async () => {
    await expect(runPool([0], 0, async () => 'done', { cancelled: () => false })).rejects.toThrow(/at least 1/);
    await expect(runPool([0], 1.5, async () => 'done', { cancelled: () => false })).rejects.toThrow(/whole number/);
  });
});
