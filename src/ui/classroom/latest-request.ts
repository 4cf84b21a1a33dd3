/**
 * The classroom's sampling requests: at most one runs at a time, and only the newest waiting one is
 * kept. A slider dragged through ten values while the worker samples costs two samplings (the one
 * running, then the last value), never a queue of ten stale ones; and a result that a newer
 * request has overtaken is dropped, so the screen only ever shows groups of the sliders' values.
 */
export type Delivery<A, R> = { ok: true; args: A; value: R } | { ok: false; args: A; error: unknown };

export class LatestRequest<A, R> {
  private running: A | null = null;
  private waiting: A | null = null;
  private closed = false;

  constructor(
    private readonly run: (args: A) => Promise<R>,
    private readonly deliver: (d: Delivery<A, R>) => void,
  ) {}

  /** Asks for `args`: starts now when idle, else replaces whatever was waiting. */
  request(args: A): void {
    if (this.closed) return;
    if (this.running !== null) this.waiting = args;
    else this.start(args);
  }

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.running !== null || this.waiting !== null;
  }

  /** Drops what waits and ignores what runs (the view went away). */
  close(): void {
    this.closed = true;
    this.waiting = null;
  }

  private start(args: A): void {
    this.running = args;
    const settle = (d: Delivery<A, R>) => {
      this.running = null;
      if (this.closed) return;
      const next = this.waiting;
      this.waiting = null;
      if (next !== null) this.start(next);
      else this.deliver(d);
    };
    // run() may throw before it returns a promise: that is a failed request too.
    let p: Promise<R>;
    try {
      p = this.run(args);
    } catch (error) {
      p = Promise.reject(error);
    }
    p.then(
      (value) => settle({ ok: true, args, value }),
      (error: unknown) => settle({ ok: false, args, error }),
    );
  }
}
