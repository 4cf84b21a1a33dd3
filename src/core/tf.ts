/**
 * The one TF.js entry point of the lab: the umbrella package registers the CPU and WebGL
 * backends, the chained tensor methods (`x.matMul(y)`) and every gradient, in Node and browsers.
 */
export * from '@tensorflow/tfjs';
