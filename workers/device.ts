import * as tf from '../src/core/tf';
import { DEVICE_LOST_ERROR } from './api';
import { webglContext } from '../src/core/backend';

/**
 * The GPU device under the TF.js backend, for noticing when it goes away (a driver reset, the OS
 * reclaiming the GPU, a tab in the background too long) and, in tests, for making it go away.
 * Typed locally: the WebGPU types are not in TypeScript's DOM library.
 */
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

function webgpuDevice(): GpuDeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device ?? null;
}

/** What a call fails with when the device went away under it (see DEVICE_LOST_ERROR). */
export class DeviceLostError extends Error {
  override name = DEVICE_LOST_ERROR;
}

/** Calls `onLost` once with a reason when the current backend's device or context is lost. */
export function watchDeviceLoss(onLost: (reason: string) => void): void {
  const device = webgpuDevice();
  if (device) {
    void device.lost.then((info) => onLost(`the WebGPU device was lost (${[info.reason ?? 'unknown reason', info.message].filter(Boolean).join(': ')})`));
  }
  const gl = webglContext();
  if (gl) {
    const canvas = gl.canvas as unknown as EventTarget;
    canvas.addEventListener('webglcontextlost', () => onLost('the WebGL context was lost'), { once: true });
  }
}

/** Test hook: destroys the WebGPU device or loses the WebGL context; says which. */
export function loseDevice(): string {
  const device = webgpuDevice();
  if (device) {
    device.destroy();
    return 'destroyed the WebGPU device';
  }
  const gl = webglContext();
  const ext = gl?.getExtension('WEBGL_lose_context');
  if (ext) {
    ext.loseContext();
    return 'lost the WebGL context';
  }
  throw new Error(`the ${tf.getBackend()} backend has no GPU device to lose`);
}
