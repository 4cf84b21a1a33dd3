import './zod-csp';
import * as Comlink from 'comlink';
import { z } from 'zod';
import * as tf from '../src/core/tf';
import { selectBackend, type BackendReport } from '../src/core/backend';
import { parseExperimentConfig } from '../src/core/config';
import { parseOrThrow } from '../src/core/knobs';
import { parameterCount } from '../src/core/model/config';
import { Policy } from '../src/core/model/policy';
import { runStudy } from '../src/core/studies/run-study';
import { parseStudy } from '../src/core/eval/studies';
import { deriveSeed, Rng } from '../src/core/rng';
import { buildSuite } from '../src/core/tasks/suites';
import { isCorrect } from '../src/core/tasks/verifier';
import {
  InitArgsSchema,
  CheckpointUrlSchema,
  SampleArgsSchema,
  StartRunArgsSchema,
  RunStudyArgsSchema,
  ClassroomArgsSchema,
  RunIdSchema,
  AnnotateRunArgsSchema,
  PresetJobSchema,
  RUN_EXPORT_FORMAT,
  RUN_EXPORT_VERSION,
  type LabApi,
  type RunSummary,
} from './api';
import { fetchCheckpoint } from './checkpoint-fetch';
import { classroomGroups } from './classroom';
import { DeviceLostError, loseDevice, watchDeviceLoss } from './device';
import { keepResponsive } from './responsive';
import { freeRunId, parseRunExport } from './run-export';
import { IMPORTED_BASE, RunManager, weightsFingerprint, type BaseModel } from './runs';
import { LabDb, toSummary } from './store';
import { WASM_PATHS } from './wasm-paths';
import { messageOf } from '../src/core/errors';

/** The lab worker: TF.js, the policy and IndexedDB live here, never on the page. Thin: it wires src/core to comlink. */
keepResponsive();

let backend: BackendReport | null = null;
/** The base checkpoint: its weights stay in memory so every run starts from a fresh copy. */
let base: BaseModel | null = null;
/** The base policy, frozen: first-page samples, classroom groups and studies of 'base'. */
let policy: Policy | null = null;
let deviceLost: string | null = null;
/** The study going in this worker: stopStudy aborts it between two batches. */
let studyAbort: AbortController | null = null;
const deviceListeners = new Set<(reason: string) => void>();

let dbPromise: Promise<LabDb> | null = null;
function db(): Promise<LabDb> {
  dbPromise ??= LabDb.open().catch((e) => {
    dbPromise = null;
    throw new Error(`the browser's storage (IndexedDB) is not available: ${messageOf(e)}`);
  });
  return dbPromise;
}

/**
 * How long a failed call on a GPU backend waits for the device's `lost` signal before it counts as
 * an ordinary failure. TF.js ops fail as soon as the device goes; on SwiftShader the `lost` promise
 * settled 4.6 s after `destroy()` on an idle machine, and more than 10 s later on the 2-core machine
 * running the test suite beside two report units (a pending readback failed first, with "Buffer was
 * unmapped before mapping was resolved", and reached the page as "Sampling failed"). The price of
 * a longer wait is only that an ordinary failure on a GPU backend is reported that much later.
 */
const DEVICE_LOSS_GRACE_MS = 30_000;

/** Runs `work`; if it fails because the GPU device went away, fails with a DeviceLostError instead. */
async function onDevice<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const gpu = backend?.name === 'webgpu' || backend?.name === 'webgl';
    for (let waited = 0; gpu && !deviceLost && waited < DEVICE_LOSS_GRACE_MS; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (deviceLost) throw new DeviceLostError(deviceLost, { cause: e });
    throw e;
  }
}

const runs = new RunManager(db, backendInfo, onDevice);
// Runs left 'running' by a page that reloaded or a worker that died are 'interrupted' from now on.
void runs.sweep().catch(() => {});

function requireBase(where: string): { base: BaseModel; policy: Policy } {
  if (!base || !policy) throw new Error(`${where}: no checkpoint is loaded`);
  return { base, policy };
}

function backendInfo(): { name: string; adapter: string } {
  return { name: backend?.name ?? 'unknown', adapter: backend?.adapter ?? '' };
}

/** A call to a page callback (a Comlink proxy) that must not fail the work if the page is gone. */
function tell<T>(listener: (x: T) => void, x: T): void {
  void Promise.resolve(listener(x) as unknown).catch(() => {});
}

const StepArgSchema = z.number({ error: 'step must be a positive integer' }).int({ error: 'step must be a positive integer' }).positive({ error: 'step must be a positive integer' });

const api: LabApi = {
  async ping() {
    return 'ready';
  },

  async init(raw) {
    const args = parseOrThrow(InitArgsSchema, raw, 'init');
    if (backend) throw new Error(`init: the worker already runs on ${backend.name}; start a new worker to change backend`);
    backend = await selectBackend(args.backend, { wasmPaths: WASM_PATHS, remembered: args.remembered });
    watchDeviceLoss((reason) => {
      deviceLost ??= reason;
      for (const l of deviceListeners) tell(l, reason);
    });
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
    base = { config: ckpt.config, tokenizer: ckpt.tokenizer, weights: ckpt.weights, identity: { url, fingerprint: weightsFingerprint(ckpt.weights) } };
    return { url, modelConfig: ckpt.config, parameterCount: parameterCount(ckpt.config), provenance: ckpt.manifest.provenance };
  },

  async sample(raw) {
    const args = parseOrThrow(SampleArgsSchema, raw, 'sample');
    const { policy } = requireBase('sample');
    const suite = buildSuite(args.suite);
    const problems = new Rng(deriveSeed(args.seed, 'problems')).sampleIndices(suite.length, args.count).map((i) => suite[i]);
    const t0 = performance.now();
    const completions = await onDevice(() =>
      policy.sample(
        problems.map((p) => p.prompt),
        { temperature: args.temperature, topP: args.topP, maxNewTokens: args.maxNewTokens, seed: args.seed },
      ),
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

  async watchDevice(onLost) {
    deviceListeners.add(onLost);
    if (deviceLost) tell(onLost, deviceLost);
  },

  async debugCrash() {
    self.close();
  },

  async debugLoseDevice() {
    return loseDevice();
  },

  async startRun(raw, onEvent) {
    const args = parseOrThrow(StartRunArgsSchema, raw, 'startRun');
    const config = args.config === undefined ? undefined : parseExperimentConfig(args.config, 'startRun.config');
    const { base } = requireBase('startRun');
    // No await before this call: a pauseRun or stopRun sent right after startRun finds the run.
    return runs.start({ runId: args.runId, config, label: args.label, presetId: args.presetId, job: args.job }, base, onEvent);
  },

  async pauseRun() {
    runs.pause();
  },

  async resumeRun() {
    runs.resume();
  },

  async stopRun() {
    runs.stop();
  },

  async runStudy(raw, onProgress) {
    const args = parseOrThrow(RunStudyArgsSchema, raw, 'runStudy');
    const study = parseStudy(args.study, 'runStudy.study');
    const { base, policy: basePolicy } = requireBase('runStudy');
    const store = await db();
    if (args.attachTo && !(await store.getRun(args.attachTo))) throw new Error(`runStudy: there is no run ${args.attachTo} to attach the report to`);
    let studied = basePolicy;
    if (args.policy !== 'base') {
      const { runId } = args.policy;
      const [run, ckpt] = await Promise.all([store.getRun(runId), store.loadCheckpoint(runId)]);
      if (!run || !ckpt) throw new Error(`runStudy: run ${runId} has no checkpoint yet (checkpoints are written every checkpointEvery steps and at the end)`);
      if (run.base.fingerprint !== base.identity.fingerprint) throw new Error(`runStudy: run ${runId} started from another base checkpoint (${run.base.url}); load that one to study it`);
      studied = Policy.fromWeights(base.config, base.tokenizer, ckpt.state.weights, false);
    }
    if (studyAbort) throw new Error('runStudy: a study is going; one at a time (stop it first)');
    const abort = new AbortController();
    studyAbort = abort;
    try {
      // Switching the TF.js backend (the greedy study's cross-backend check) would pull it from under a live run.
      const switchBackend = runs.activeRunId
        ? undefined
        : async (name: string) => {
            if (!(await tf.setBackend(name))) throw new Error(`${name} did not start`);
            await tf.ready();
          };
      const report = await onDevice(() => runStudy(study, { policy: studied, backend: backendInfo(), onProgress: (p) => tell(onProgress, p), signal: abort.signal, ...(switchBackend ? { switchBackend } : {}) }));
      // Only a whole report is stored: a stopped study fails above and leaves nothing behind.
      if (args.attachTo) {
        await store.saveStudy(args.attachTo, report);
        runs.announce();
      }
      return report;
    } finally {
      studyAbort = null;
      if (studied !== basePolicy) studied.dispose();
    }
  },

  async stopStudy() {
    if (!studyAbort) throw new Error('stopStudy: no study is going');
    studyAbort.abort();
  },

  async savePresetJob(raw) {
    const job = parseOrThrow(PresetJobSchema, raw, 'savePresetJob');
    await (await db()).putPresetJob(job);
    runs.announce();
  },

  async listPresetJobs() {
    return (await db()).listPresetJobs();
  },

  async deletePresetJob(raw) {
    const jobId = parseOrThrow(RunIdSchema, raw, 'deletePresetJob');
    await (await db()).deletePresetJob(jobId);
    runs.announce();
  },

  async listRuns() {
    await runs.sweep();
    return (await (await db()).listRuns()).map(toSummary);
  },

  async getRun(raw) {
    const runId = parseOrThrow(RunIdSchema, raw, 'getRun');
    await runs.sweep();
    return (await db()).record(runId);
  },

  async getSamples(rawId, rawStep) {
    const runId = parseOrThrow(RunIdSchema, rawId, 'getSamples');
    const step = parseOrThrow(StepArgSchema, rawStep, 'getSamples');
    return (await db()).samples(runId, step);
  },

  async deleteRun(raw) {
    const runId = parseOrThrow(RunIdSchema, raw, 'deleteRun');
    const store = await db();
    // Holding the run's lock: a run that trains here or in another tab is refused, and none starts meanwhile.
    await runs.whileIdle('deleteRun', runId, () => store.deleteRun(runId));
    runs.announce();
  },

  async annotateRun(raw) {
    const { runId, label, notes } = parseOrThrow(AnnotateRunArgsSchema, raw, 'annotateRun');
    // One read-modify-write: a run that trains meanwhile keeps its steps and status, and takes the new name.
    const run = await (await db()).updateRun(runId, () => ({ ...(label !== undefined ? { label } : {}), ...(notes !== undefined ? { notes } : {}) }));
    if (!run) throw new Error(`annotateRun: there is no run ${runId}`);
    runs.announce();
    return toSummary(run);
  },

  async exportRun(raw) {
    const runId = parseOrThrow(RunIdSchema, raw, 'exportRun');
    const run = await (await db()).record(runId);
    if (!run) throw new Error(`exportRun: there is no run ${runId}`);
    return { format: RUN_EXPORT_FORMAT, version: RUN_EXPORT_VERSION, exportedAt: new Date().toISOString(), run };
  },

  async importRun(file) {
    let parsed;
    try {
      parsed = parseRunExport(file);
    } catch (e) {
      throw new Error(`importRun: ${messageOf(e)}`, { cause: e });
    }
    const store = await db();
    const { metrics, evals, studies, ...summary } = parsed.run;
    const taken = new Set((await store.listRuns()).map((r) => r.runId));
    const runId = freeRunId(summary.runId, taken);
    // Nothing of an imported run can be resumed: it brings metrics, not weights.
    const status = summary.status === 'running' || summary.status === 'paused' ? 'interrupted' : summary.status;
    const imported: RunSummary = { ...summary, runId, status, checkpointStep: 0, step: metrics.at(-1)?.step ?? 0, imported: true };
    await store.putRecord({ ...imported, base: IMPORTED_BASE }, { metrics, evals, studies });
    runs.announce();
    return imported;
  },

  async classroom(raw) {
    const args = parseOrThrow(ClassroomArgsSchema, raw, 'classroom');
    const { policy } = requireBase('classroom');
    return onDevice(() => classroomGroups(policy, args));
  },
};

Comlink.expose(api);
