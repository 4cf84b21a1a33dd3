import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { restoreAdam, type OptimizerWeights } from './optim';

/** An Adam optimiser restored from its weights takes exactly the steps the uninterrupted one takes. */
describe('restoreAdam', () => {
  const grad = (t: number) => tf.tensor1d([Math.sin(t + 1), Math.cos(3 * t), 0.5 - t / 7]);

  async function run(steps: number, resumeAt: number | null, restore: (o: tf.AdamOptimizer, w: OptimizerWeights) => Promise<void>): Promise<Float32Array> {
    const w = tf.variable(tf.tensor1d([0.3, -0.2, 0.1]), true, 'w');
    let opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-8);
    for (let t = 0; t < steps; t++) {
      if (t === resumeAt) {
        const saved = await opt.getWeights();
        const copies = await Promise.all(saved.map(async ({ name, tensor }) => ({ name, tensor: tf.tensor(await tensor.data(), tensor.shape) })));
        opt.dispose();
        opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-8);
        await restore(opt, copies);
      }
      const g = grad(t);
      opt.applyGradients([{ name: 'w', tensor: g }]);
      g.dispose();
    }
    const out = (await w.data()) as Float32Array;
    opt.dispose();
    w.dispose();
    return out;
  }

  // β2 = 0.999: pow(β2, 6) and five float32 products of β2 differ in the last bit, so a resume after 5 steps shows it.
  it('resumed after 5 steps, ends on the same bits as 12 uninterrupted steps', async () => {
    const whole = await run(12, null, restoreAdam);
    expect(Array.from(await run(12, 5, restoreAdam))).toEqual(Array.from(whole));
  });

  it('tf.AdamOptimizer.setWeights alone does not (what restoreAdam is for)', async () => {
    const whole = await run(12, null, restoreAdam);
    const plain = await run(12, 5, (o, w) => o.setWeights(w));
    expect(Array.from(plain)).not.toEqual(Array.from(whole));
  });
});
