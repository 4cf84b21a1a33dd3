import * as tf from './tf';

// Unit tests run the core on the TF.js CPU backend: exact, available everywhere, and the
// reference the other backends are compared with.
await tf.setBackend('cpu');
await tf.ready();
