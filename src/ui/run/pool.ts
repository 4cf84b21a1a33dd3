/**
 * How a preset job shares the page's lab workers, as pure scheduling: independent units (a
 * preset's arms) wait in their order, and each free slot (a lab worker) takes the next one, the
 * lowest free slot first. With one slot that is the serial order. A unit that fails frees its slot
 * and the others go on; once the job is cancelled, no waiting unit starts and the running ones end
 * as their work does (a stopped run ends at its next step). A unit that fails because its slot's
 * worker is gone for good (SlotLostError) takes the slot with it: no other unit is sent there.
 */
export type UnitOutcome = 'done' | 'stopped' | 'failed' | 'cancelled';

/** A unit started or ended on a slot. `seq` orders every event of the pool: starts and ends interleave as they happened. */
export type PoolEvent = { type: 'start'; unit: number; slot: number; seq: number } | { type: 'end'; unit: number; slot: number; seq: number; outcome: Exclude<UnitOutcome, 'cancelled'>; error?: string };

/** The unit's worker is gone for good (closed, or restarted too often): its slot takes no more units. */
export class SlotLostError extends Error {
  override name = 'SlotLostError';
}

type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;

export interface UnitResult {
  outcome: UnitOutcome;
  slot?: number;
  error?: string;
}

/** Which waiting units the free slots take now: the first waiting units, in order, to the lowest free slots. */
export function assign(waiting: readonly number[], free: readonly number[]): { unit: number; slot: number }[] {
  return [...free]
    .sort((a, b) => a - b)
    .slice(0, waiting.length)
    .map((slot, i) => ({ unit: waiting[i], slot }));
}

export interface PoolOptions {
  /** Asked before each unit starts: true keeps the waiting units from starting. */
  cancelled(): boolean;
  onEvent?(e: PoolEvent): void;
}

/**
 * Runs `units` on `slots` slots. `work` resolves 'done' or 'stopped'; a throw fails that unit
 * only (its message kept). Resolves with every unit's result once the last running unit ends.
 */
export async function runPool(units: readonly number[], slots: number, work: (unit: number, slot: number) => Promise<'done' | 'stopped'>, opts: PoolOptions): Promise<Map<number, UnitResult>> {
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`a pool needs a whole number of slots, at least 1 (got ${slots})`);
  const results = new Map<number, UnitResult>();
  const waiting = [...units];
  const free = Array.from({ length: slots }, (_, i) => i);
  const running = new Map<number, Promise<void>>();
  let seq = 0;
  const emit = (e: WithoutSeq<PoolEvent>) => opts.onEvent?.({ ...e, seq: seq++ } as PoolEvent);

  const start = (unit: number, slot: number) => {
    free.splice(free.indexOf(slot), 1);
    emit({ type: 'start', unit, slot });
    let lost = false;
    const settle = (outcome: Exclude<UnitOutcome, 'cancelled'>, error?: string) => {
      results.set(unit, { outcome, slot, ...(error !== undefined ? { error } : {}) });
      running.delete(unit);
      if (!lost) free.push(slot);
      emit({ type: 'end', unit, slot, outcome, ...(error !== undefined ? { error } : {}) });
    };
    running.set(
      unit,
      // A unit's work starts on the next microtask: a unit that throws at once still frees its slot through settle.
      Promise.resolve()
        .then(() => work(unit, slot))
        .then(
          (outcome) => settle(outcome),
          (e: unknown) => {
            lost = e instanceof SlotLostError;
            settle('failed', e instanceof Error ? e.message : String(e));
          },
        ),
    );
  };

  for (;;) {
    if (opts.cancelled()) for (const unit of waiting.splice(0)) results.set(unit, { outcome: 'cancelled' });
    else {
      const next = assign(waiting, free);
      waiting.splice(0, next.length);
      for (const { unit, slot } of next) start(unit, slot);
    }
    if (running.size === 0) {
      for (const unit of waiting.splice(0)) results.set(unit, { outcome: 'failed', error: 'every lab worker of the job was lost' });
      break;
    }
    await Promise.race(running.values());
  }
  return new Map(units.map((u) => [u, results.get(u)!]));
}
