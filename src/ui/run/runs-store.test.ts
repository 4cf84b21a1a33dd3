import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/training/driver';
import type { LabClient } from '../lab-client-api';
import { connectLabClient } from '../lab-access';
import { useRuns } from './runs-store';

/**
 * The page's active run mirrors its worker's events: a click on Stop or Pause sets nothing by
 * itself; the 'control' and 'paused' events the worker sends do. The client is a stand-in for the
 * supervised worker that takes the calls and sends no event unless told.
 */
describe('useRuns active run', () => {
  it('shows stopping only once the worker reports the stop, and paused only once it holds the run', async () => {
    let emit!: (e: RunEvent) => void;
    const calls: string[] = [];
    const client = {
      backend: null,
      checkpoint: null,
      onStatus: () => () => {},
      onRunEvent: (l: (e: RunEvent) => void) => {
        emit = l;
        return () => {};
      },
      listRuns: async () => [],
      listPresetJobs: async () => [],
      getRun: async () => null,
      pauseRun: async () => void calls.push('pauseRun'),
      stopRun: async () => void calls.push('stopRun'),
    } as unknown as LabClient;
    connectLabClient(client);

    emit({ type: 'started', runId: 'r', step: 0, totalSteps: 4, resumed: false });
    expect(useRuns.getState().active).toMatchObject({ runId: 'r', status: 'running' });
    await useRuns.getState().pause();
    await useRuns.getState().stop();
    expect(calls).toEqual(['pauseRun', 'stopRun']);
    expect(useRuns.getState().active?.status).toBe('running');

    emit({ type: 'control', runId: 'r', pause: true, stop: false });
    expect(useRuns.getState().active?.status).toBe('running');
    emit({ type: 'paused', runId: 'r', step: 1 });
    expect(useRuns.getState().active?.status).toBe('paused');
    emit({ type: 'control', runId: 'other', pause: false, stop: true });
    expect(useRuns.getState().active?.status).toBe('paused');
    emit({ type: 'control', runId: 'r', pause: false, stop: true });
    expect(useRuns.getState().active?.status).toBe('stopping');
    emit({ type: 'finished', runId: 'r', step: 1, status: 'stopped' });
    expect(useRuns.getState().active).toBeNull();
  });
});
