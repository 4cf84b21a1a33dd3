import { describe, expect, it } from 'vitest';
import { LatestRequest, type Delivery } from './latest-request';

/** A run() whose promises the test settles by hand, recording what was asked. */
function manual() {
  const asked: number[] = [];
  const pending: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (n: number) => {
    asked.push(n);
    return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { asked, pending, run };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LatestRequest: one sampling at a time, the newest waiting one wins', () => {
  it('runs the first request at once and, of those made meanwhile, only the last', async () => {
    const m = manual();
    const got: Delivery<number, string>[] = [];
    const q = new LatestRequest(m.run, (d) => got.push(d));
    q.request(1);
    q.request(2);
    q.request(3);
    q.request(4);
    expect(m.asked).toEqual([1]);
    expect(q.busy).toBe(true);
    m.pending[0].resolve('one');
    await flush();
    // 1's result is stale (4 was asked for since): dropped, and 4 runs; 2 and 3 never run.
    expect(got).toEqual([]);
    expect(m.asked).toEqual([1, 4]);
    m.pending[1].resolve('four');
    await flush();
    expect(got).toEqual([{ ok: true, args: 4, value: 'four' }]);
    expect(q.busy).toBe(false);
  });

  it('delivers a failure of the newest request, and runs the next request after it', async () => {
    const m = manual();
    const got: Delivery<number, string>[] = [];
    const q = new LatestRequest(m.run, (d) => got.push(d));
    q.request(1);
    m.pending[0].reject(new Error('worker gone'));
    await flush();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ ok: false, args: 1 });
    q.request(2);
    expect(m.asked).toEqual([1, 2]);
  });

  it('treats a run() that throws as a failed request, not a stuck queue', async () => {
    const got: Delivery<number, string>[] = [];
    const q = new LatestRequest<number, string>(() => {
      throw new Error('no worker');
    }, (d) => got.push(d));
    q.request(1);
    await flush();
    expect(got).toEqual([{ ok: false, args: 1, error: new Error('no worker') }]);
    expect(q.busy).toBe(false);
  });

  it('after close, delivers nothing and starts nothing', async () => {
    const m = manual();
    const got: Delivery<number, string>[] = [];
    const q = new LatestRequest(m.run, (d) => got.push(d));
    q.request(1);
    q.request(2);
    q.close();
    m.pending[0].resolve('one');
    await flush();
    q.request(3);
    expect(got).toEqual([]);
    expect(m.asked).toEqual([1]);
  });
});
