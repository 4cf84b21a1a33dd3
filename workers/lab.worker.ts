import './zod-csp';
import * as Comlink from 'comlink';
import * as tf from '../src/core/tf';
import { selectBackend, type BackendReport } from '../src/core/backend';
import { parseOrThrow } from '../src/core/knobs';
import { parameterCount } from '../src/core/model/config';
import { Policy } from '../src/core/model/policy';
import { deriveSeed, Rng } from '../src/core/rng';
import { buildSuite } from '../src/core/tasks/suites';
import { isCorrect } from '../src/core/tasks/verifier';
import { InitArgsSchema, CheckpointUrlSchema, SampleArgsSchema, type LabApi } from './api';
import { fetchCheckpoint } from './checkpoint-fetch';
import { WASM_PATHS } from './wasm-paths';

/** The lab worker: TF.js and the policy live here, never on the page. Thin: it wires src/core to comlink. */
let backend: BackendReport | null = null;
let policy: Policy | null = null;

const api: LabApi = {
  async ping() {
    return 'ready';
  },

  async init(raw) {
    const args = parseOrThrow(InitArgsSchema, raw, 'init');
    if (backend) throw new Error(`init: the worker already runs on ${backend.name}; start a new worker to change backend`);
    backend = await selectBackend(args.backend, { wasmPaths: WASM_PATHS, probeBudgetMs: args.probeBudgetMs });
    return backend;
  },

  async loadCheckpoint(raw) {
    const url = parseOrThrow(CheckpointUrlSchema, raw, 'loadCheckpoint');
    if (!backend) throw new Error('loadCheckpoint: call init first');
    if (new URL(url).origin !== self.location.origin) throw new Error(`loadCheckpoint: ${url} is not on this site's origin (${self.location.origin})`);
    const ckpt = await fetchCheckpoint(url);
    const next = Policy.fromWeights(ckpt.config, ckpt.tokenizer, ckpt.weights, false);
    policy?.dispose();
    policy = next;
    return { url, modelConfig: ckpt.config, parameterCount: parameterCount(ckpt.config), provenance: ckpt.manifest.provenance };
  },

  async sample(raw) {
    const args = parseOrThrow(SampleArgsSchema, raw, 'sample');
    if (!policy) throw new Error('sample: no checkpoint is loaded');
    const suite = buildSuite(args.suite);
    const problems = new Rng(deriveSeed(args.seed, 'problems')).sampleIndices(suite.length, args.count).map((i) => suite[i]);
    const t0 = performance.now();
    const completions = await policy.sample(
      problems.map((p) => p.prompt),
      { temperature: args.temperature, topP: args.topP, maxNewTokens: args.maxNewTokens, seed: args.seed },
    );
    const elapsedMs = performance.now() - t0;
    const samples = problems.map((p, i) => {
      const c = completions[i];
      return { problemId: p.id, prompt: p.prompt, answer: p.answer, text: c.text, correct: isCorrect(c.text, p.answer), length: c.tokens.length, finished: c.finished };
    });
    return { samples, elapsedMs };
  },

  async memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  },
};

Comlink.expose(api);
