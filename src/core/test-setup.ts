import * as tf from './tf';

// Unit tests run the core on the TF.js CPU backend: exact, available everywhere, and the
// reference the other backends are compared with.
tf.env().set('PROD', true); // no 'install tfjs-node' banner
await tf.setBackend('cpu');
await tf.ready();
