/**
 * The one home of a run's pause and stop: what was asked of it (held between two steps, or ended at
 * the next step with a checkpoint). The worker's RunManager creates it when a run starts and sets
 * it from the page's calls; RunDriver obeys it between steps. Every change is reported through
 * `onChange`, which the worker sends on as a 'control' event: the page, the supervisor and the
 * other tabs mirror that event and keep no pause or stop state of their own.
 */
export interface RunRequest {
  /** Hold the run before its next step. */
  pause: boolean;
  /** End the run before its next step, with a checkpoint it can resume from. */
  stop: boolean;
}

export class RunControl {
  private gate: { wait: Promise<void>; open: () => void } | null = null;
  private stopped = false;

  constructor(private readonly onChange: (request: RunRequest) => void = () => {}) {}

  get request(): RunRequest {
    return { pause: this.gate !== null, stop: this.stopped };
  }

  /** A stopped run is not held: it ends at the next step whatever else is asked. */
  pause(): void {
    if (this.gate || this.stopped) return;
    let open!: () => void;
    const wait = new Promise<void>((resolve) => (open = resolve));
    this.gate = { wait, open };
    this.onChange(this.request);
  }

  resume(): void {
    if (!this.gate) return;
    this.release();
    this.onChange(this.request);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.release();
    this.onChange(this.request);
  }

  /** Settles once the run may go on (resumed or stopped); at once when it is not paused. */
  whilePaused(): Promise<void> {
    return this.gate?.wait ?? Promise.resolve();
  }

  private release(): void {
    this.gate?.open();
    this.gate = null;
  }
}
