import * as tf from '../src/core/tf';

/**
 * Keeps the worker answering messages while it computes. On the WASM and CPU backends a tensor
 * read (`await t.data()`) resolves as a microtask, so a whole GRPO step or study never returns to
 * the event loop and a `ping()`, `pauseRun()` or `listRuns()` would wait for its end (on CPU, a
 * minute). Every read now also yields one macrotask when more than YIELD_EVERY_MS passed since the
 * last yield: the sampler reads once per token and the trainer once per micro-batch, so messages
 * are served between TF.js ops, at a cost of well under a millisecond per yield.
 */
const YIELD_EVERY_MS = 25;

let lastYield = 0;
const waiting: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  lastYield = performance.now();
  for (const resolve of waiting.splice(0)) resolve();
};

/** One trip through the event loop (MessageChannel: setTimeout is clamped to 4 ms when nested). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) channel.port2.postMessage(null);
  });
}

let installed = false;

export function keepResponsive(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine();
  const read = engine.read.bind(engine);
  engine.read = async (dataId) => {
    const values = await read(dataId);
    if (performance.now() - lastYield > YIELD_EVERY_MS) await yieldToEventLoop();
    return values;
  };
}
