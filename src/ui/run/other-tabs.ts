import { LAB_LOCKS, RUNS_CHANNEL, type RunSummary, type RunsBroadcast } from '../../../workers/api';

/**
 * What the page knows of the lab's other tabs: their workers' run events on RUNS_CHANNEL, and the
 * Web Locks the workers and pages hold (LAB_LOCKS). A run whose record says running or paused and
 * that this page does not drive trains in another tab: workers mark a run whose owner is gone
 * 'interrupted' whenever they list the runs, so such a record is live.
 */

/** `here`: the runs this page's lab workers train now (runs-store's drivenHere). */
export function trainsInAnotherTab(summary: Pick<RunSummary, 'runId' | 'status'>, here: ReadonlySet<string>): boolean {
  return (summary.status === 'running' || summary.status === 'paused') && !here.has(summary.runId);
}

function lockManager(): LockManager | null {
  return globalThis.navigator?.locks ?? null;
}

/** Listens to the other tabs' workers (and this tab's own: the caller tells its own run apart); returns an unsubscribe. */
export function listenToOtherTabs(onMessage: (m: RunsBroadcast) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(RUNS_CHANNEL);
  channel.onmessage = (e: MessageEvent<RunsBroadcast>) => onMessage(e.data);
  return () => channel.close();
}

const watched = new Set<string>();

/**
 * Calls `onReleased` once the worker training `runId` lets go of its lock: the run ended, or its
 * tab closed or its worker died (no event says so then). One watch per run.
 */
export function whenRunReleased(runId: string, onReleased: () => void): void {
  const manager = lockManager();
  if (!manager || watched.has(runId)) return;
  watched.add(runId);
  // Shared, and let go at once: it never keeps a worker from the run's exclusive lock for long.
  void manager
    .request(LAB_LOCKS.run(runId), { mode: 'shared' }, async () => {})
    .catch(() => {})
    .finally(() => {
      watched.delete(runId);
      onReleased();
    });
}

/** Runs `work` holding the lock `name` (a preset job's); refuses at once when another tab holds it. */
export async function holdingLock<T>(name: string, work: () => Promise<T>): Promise<T | null> {
  const manager = lockManager();
  if (!manager) return work();
  return manager.request(name, { ifAvailable: true }, async (lock) => (lock ? work() : null));
}

/** Names of the locks held now by any tab of this origin. */
export async function heldLockNames(): Promise<Set<string>> {
  const manager = lockManager();
  if (!manager) return new Set();
  return new Set(((await manager.query()).held ?? []).flatMap((l) => (l.name ? [l.name] : [])));
}
