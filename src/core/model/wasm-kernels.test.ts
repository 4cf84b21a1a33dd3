import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useWasmBackend } from '../testing/wasm-backend';
import './wasm-kernels';

/** The WASM Identity override (wasm-kernels.ts): a clone shares its input's buffer, and nothing else changes. */
describe('Identity on WASM', () => {
  beforeAll(useWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  it('is the registered kernel', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc.name).toBe('sharedIdentity');
  });

  it('gives a clone that holds its values after the original is disposed, and frees both', () => {
    const before = tf.memory();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1); // one buffer, not two
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(y.shape).toEqual([2, 3]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('leaves gradients as they were: d/dx Σ (x·x)·w = 2·x·w for the values saved by the tape', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const w = tf.tensor1d([3, 4, -5]);
    const g = tf.grad((v: tf.Tensor) => v.mul(v).mul(w).sum())(x);
    expect(Array.from(g.dataSync())).toEqual([3, -8, -20]);
    tf.dispose([x, w, g]);
  });

  it('lets a variable be reassigned while a clone of its old value lives on', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const old = tf.clone(v);
    v.assign(tf.tensor1d([7, 8]));
    expect(Array.from(old.dataSync())).toEqual([1, 2]);
    expect(Array.from(v.dataSync())).toEqual([7, 8]);
    tf.dispose([v, old]);
  });
});
