import '@tensorflow/tfjs-backend-wasm';
import * as tf from '../tf';

/**
 * Kernel overrides for the WASM backend, registered once when the model is imported.
 *
 * Identity: while the gradient tape records, the engine clones every tensor a kernel saves for its
 * backward pass (a product's operands, an activation's output) with the Identity kernel. WASM's
 * Identity copies the buffer; one train step of the bench's size made 300 such copies (about 6 % of
 * its kernel time). Tensors are immutable (a variable's assign swaps its buffer, no kernel writes
 * into an input), so a clone may share its input's buffer, as the WASM Reshape kernel and the CPU
 * and WebGL backends' Identity already do: this one counts one more reference instead of copying.
 */
interface SharingBackend {
  incRef(dataId: tf.DataId): void;
}

const copyingIdentity = tf.getKernel(tf.Identity, 'wasm');

function sharedIdentity(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x!;
  if (x.dtype === 'string' && copyingIdentity) return copyingIdentity.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  (backend as SharingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

if (copyingIdentity) {
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc: sharedIdentity as unknown as tf.KernelFunc });
}
