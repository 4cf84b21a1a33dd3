import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../src/core/config';
import type { StepMetrics } from '../src/core/grpo/metrics';
import type { StudyReport } from '../src/core/studies/run-study';
import { parseStudy } from '../src/core/eval/studies';
import { MAX_IMPORT_BYTES, RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION, type RunExport } from './api';
import { freeRunId, ImportError, parseRunExport } from './run-export';

const config = parseExperimentConfig({ seed: 3, stages: [{ steps: 3 }] });

function metrics(step: number): StepMetrics {
  return {
    step, stage: 0, sampleFilter: 'both', maxCompletionLength: 160, reward: 0.5, accuracy: 0.5, meanLength: 40, meanLengthCorrect: 38,
    truncatedShare: 0, allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 8, negativeUsed: 8,
    injected: 0, loss: 0.1, gradNorm: 0.3, clipFraction: 0, kl: 0, entropy: 1.2, tokensUsed: 600, skippedUpdate: false,
    secondsSampling: 1, secondsScoring: 0.01, secondsUpdating: 2,
  };
}

function validExport(): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: '2025-01-01T00:00:00.000Z',
    run: {
      // A copy: tests change the config of their file.
      runId: 'run-a', label: 'both', config: structuredClone(config), status: 'done', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:01:00.000Z',
      step: 2, totalSteps: 3, checkpointStep: 2, backend: { name: 'wasm', adapter: 'WebAssembly + SIMD' },
      metrics: [metrics(1), metrics(2)],
      evals: [{ step: 0, suite: 'in-30', runs: 4, pass1: 0.2, uncertainShare: 0.4, meanLength: 50 }],
      studies: [],
    },
  };
}

describe('parseRunExport', () => {
  it('carries a finished run\'s outcome (which step it kept and why), and refuses a kept step past its last step', () => {
    const file = validExport();
    file.run.outcome = { endStep: 2, endedBy: 'plateau', keep: 'best', keptStep: 1, reason: 'best validation Pass@1 (20.0 %) of 3 evaluations' };
    expect(parseRunExport(JSON.stringify(file))).toEqual(file);
    file.run.outcome.keptStep = 3;
    expect(() => parseRunExport(file)).toThrow(/run\.outcome\.keptStep: the kept step 3 is past the run's last step 2/);
    file.run.outcome = { ...file.run.outcome, keptStep: 1, keep: 'shortest' as never };
    expect(() => parseRunExport(file)).toThrow(/run\.outcome\.keep/);
  });

  it('accepts an export as JSON text or as an object, unchanged', () => {
    const file = validExport();
    expect(parseRunExport(JSON.stringify(file))).toEqual(file);
    expect(parseRunExport(file)).toEqual(file);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseRunExport('{"format": "grpo-lab-run",')).toThrow(/not valid JSON/);
  });

  it('refuses another format and another version, saying which', () => {
    expect(() => parseRunExport({ ...validExport(), format: 'something-else' })).toThrow('the file is not a GRPO Lab run export (format "something-else", expected "grpo-lab-run")');
    expect(() => parseRunExport({ ...validExport(), version: 2 })).toThrow('the file is a version 2 run export; this GRPO Lab reads version 1 only');
    expect(() => parseRunExport([1, 2])).toThrow(/expected a JSON object/);
  });

  it('refuses a format or version nested 10,000 deep with an ImportError, and quotes a long one cut short', () => {
    // Found by the fuzz suite: the message quoted the value with JSON.stringify, which overflowed the stack.
    const deep = `${'['.repeat(10_000)}0${']'.repeat(10_000)}`;
    for (const key of ['format', 'version']) {
      const text = JSON.stringify(validExport()).replace(`"${key}":`, `"${key}":${deep},"${key}_":`);
      expect(() => parseRunExport(text), key).toThrow(ImportError);
      expect(() => parseRunExport(text), key).toThrow(new RegExp(`^the run export is not valid: ${key}\\.0\\.0[0.]* is nested more than 64 levels deep$`));
    }
    expect(() => parseRunExport({ ...validExport(), format: 'x'.repeat(100_000) })).toThrow(`the file is not a GRPO Lab run export (format "${'x'.repeat(78)}…, expected "grpo-lab-run")`);
  });

  it('names the field that breaks the schema', () => {
    const file = validExport() as unknown as { run: { metrics: Record<string, unknown>[]; config: Record<string, unknown> } };
    file.run.metrics[1].reward = 'high';
    expect(() => parseRunExport(file)).toThrow(/run\.metrics\.1\.reward/);
    const bad = validExport() as unknown as { run: { config: Record<string, unknown> } };
    bad.run.config.numGenerations = 1000;
    expect(() => parseRunExport(bad)).toThrow('run.config.numGenerations: numGenerations must be an integer in [1, 64]');
  });

  it('refuses metrics out of order, past the run, and a step count that disagrees with the stages', () => {
    const swapped = validExport();
    swapped.run.metrics.reverse();
    expect(() => parseRunExport(swapped)).toThrow(/increasing order of step/);
    const past = validExport();
    past.run.metrics.push(metrics(4));
    expect(() => parseRunExport(past)).toThrow(/step 4 is past the run's 3 steps/);
    const total = validExport();
    total.run.totalSteps = 9;
    expect(() => parseRunExport(total)).toThrow(/totalSteps is 9 but the config's stages add up to 3/);
  });

  it('refuses a file over the size cap before parsing it', () => {
    const huge = ' '.repeat(MAX_IMPORT_BYTES + 1);
    // One byte over: the message must show numbers that differ.
    expect(() => parseRunExport(huge)).toThrow(`the file is ${MAX_IMPORT_BYTES + 1} bytes; the limit for an imported run is ${MAX_IMPORT_BYTES} bytes (20.0 MB)`);
    expect(() => parseRunExport(' '.repeat(MAX_IMPORT_BYTES + 1024 * 1024))).toThrow('the file is 21.0 MB; the limit for an imported run is 20.0 MB');
  });
});

/** A Pass@1 report as runStudy returns it (the study parsed, so with its defaults). */
function pass1Report(): StudyReport {
  const study = parseStudy({ kind: 'pass1', suite: 'in-30', runs: 2 });
  return {
    kind: 'pass1', study, backend: { name: 'wasm', adapter: 'WebAssembly + SIMD' }, startedAt: '2025-01-01T00:02:00.000Z', seconds: 3,
    result: { suite: 'in-30', analog: 'AIME24', problems: 3, runs: 2, maxCompletionLength: 240, pass1: 0.5, ci: [0.3, 0.7], runScores: [0.4, 0.6], runStd: 0.1, maxRunGap: 0.2, accuracies: [0, 0.5, 1], histogram: [1, 1, 1], uncertainShare: 0.33, meanLength: 42 },
  };
}

function withStudy(change: (report: Record<string, unknown>) => void): RunExport {
  const file = validExport();
  const report = pass1Report() as unknown as Record<string, unknown>;
  change(report);
  file.run.studies = [report as unknown as StudyReport];
  return file;
}

const DEEP = 10_000;
/** A placeholder for a value nested DEEP arrays deep: spliced into the JSON text, since JSON.stringify of it would overflow the stack. */
const NESTED = '__nested__';
function withNesting(file: RunExport): string {
  return JSON.stringify(file).replace(`"${NESTED}"`, `${'['.repeat(DEEP)}0${']'.repeat(DEEP)}`);
}

/** The same as an object, built by a loop. */
function nestedArrays(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/**
 * The hostile import files of issue 15 (a regression corpus): each is refused with the path of
 * what is wrong, before anything is stored.
 */
describe('parseRunExport refuses hostile study reports and metrics', () => {
  it('accepts a well-formed study report unchanged', () => {
    const file = withStudy(() => {});
    expect(parseRunExport(JSON.stringify(file))).toEqual(file);
  });

  const hostile: [string, (r: Record<string, unknown>) => void, RegExp][] = [
    ['result {}', (r) => (r.result = {}), /run\.studies\.0\.result\.suite: .*expected string/],
    ['result null', (r) => (r.result = null), /run\.studies\.0\.result: .*expected object/],
    ['a scorecard result {}', (r) => Object.assign(r, { kind: 'scorecard', study: parseStudy({ kind: 'scorecard' }), result: {} }), /run\.studies\.0\.result\.columns: .*expected array/],
    ['a kind that differs from study.kind', (r) => (r.kind = 'maxGap'), /run\.studies\.0\.study\.kind: .*expected "maxGap"/],
    ['a study of another kind under its kind', (r) => (r.study = parseStudy({ kind: 'census' })), /run\.studies\.0\.study\.kind: .*expected "pass1"/],
    ['runScores "abc"', (r) => ((r.result as Record<string, unknown>).runScores = 'abc'), /run\.studies\.0\.result\.runScores: .*expected array/],
    ['an unknown kind', (r) => (r.kind = 'bogus'), /run\.studies\.0\.kind: kind must be one of pass1, maxGap/],
    ['a Pass@1 above 1', (r) => ((r.result as Record<string, unknown>).pass1 = 1e308), /run\.studies\.0\.result\.pass1: must be a share in \[0, 1\]/],
    ['an unknown key in a result', (r) => ((r.result as Record<string, unknown>).extra = 1), /run\.studies\.0\.result\.extra: unknown key/],
  ];
  it.each(hostile)('refuses %s, naming the path', (_what, change, message) => {
    const file = withStudy(change);
    expect(() => parseRunExport(JSON.stringify(file))).toThrow(message);
  });

  it('refuses a result nested 10,000 arrays deep, as text and as an object, naming where', () => {
    const inResult = withNesting(withStudy((r) => ((r.result as Record<string, unknown>).runScores = NESTED)));
    expect(() => parseRunExport(inResult)).toThrow(/^the run export is not valid: run\.studies\.0\.result\.runScores\.0\.0\.0\.[0.]+ is nested more than 64 levels deep$/);
    const asResult = withNesting(withStudy((r) => (r.result = NESTED)));
    expect(() => parseRunExport(asResult)).toThrow(/run\.studies\.0\.result\.0\.0[0.]* is nested more than 64 levels deep/);
    expect(() => parseRunExport(withStudy((r) => (r.result = nestedArrays(DEEP))))).toThrow(/run\.studies\.0\.result\.0\.0[0.]* is nested more than 64 levels deep/);
  });

  const badMetrics: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    ['accuracy 1e308', (m) => (m.accuracy = 1e308), /run\.metrics\.0\.accuracy: must be a share in \[0, 1\]/],
    ['a negative length', (m) => (m.meanLength = -3), /run\.metrics\.0\.meanLength: must be ≥ 0/],
    ['a negative share', (m) => (m.effectiveShare = -0.1), /run\.metrics\.0\.effectiveShare: must be a share in \[0, 1\]/],
    ['a fractional count', (m) => (m.positiveUsed = 1.5), /run\.metrics\.0\.positiveUsed: must be an integer ≥ 0/],
    ['an unknown key', (m) => (m.secret = 'x'), /run\.metrics\.0\.secret: unknown key/],
  ];
  it.each(badMetrics)('refuses step metrics with %s', (_what, change, message) => {
    const file = validExport();
    change(file.run.metrics[0] as unknown as Record<string, unknown>);
    expect(() => parseRunExport(JSON.stringify(file))).toThrow(message);
  });

  it('refuses an evaluation point out of range and a number JSON turns into Infinity', () => {
    const file = validExport();
    file.run.evals[0].pass1 = 2;
    expect(() => parseRunExport(file)).toThrow(/run\.evals\.0\.pass1: must be a share in \[0, 1\]/);
    const text = JSON.stringify(validExport()).replace('"meanLength":50', '"meanLength":1e999');
    expect(() => parseRunExport(text)).toThrow(/run\.evals\.0\.meanLength/);
  });
});

describe('parseRunExport reads what earlier versions wrote', () => {
  /** A perturbation report as a version before backend and init retired wrote it: its study's train config carries them. */
  function oldPerturbationExport(): RunExport {
    const file = validExport();
    const study = parseStudy({ kind: 'perturbation', suite: 'in-30' });
    const train = { ...(study as { train: object }).train, backend: 'auto', init: 'base' };
    const result = { suite: 'in-30', problems: 2, step: metrics(1), before: [true, false], after: [true, true], flippedProblems: [{ index: 1, prompt: 'p', answer: 3, before: false, after: true }], flipped: [1], wrongToRight: 1, rightToWrong: 0 };
    const report = { kind: 'perturbation', study: { ...study, train }, backend: { name: 'wasm', adapter: '' }, startedAt: '2025-01-01T00:02:00.000Z', seconds: 3, result };
    file.run.studies = [report as unknown as StudyReport];
    Object.assign(file.run.config, { backend: 'auto', init: 'base' });
    return file;
  }

  it('drops the retired backend and init keys from the config and from a perturbation study’s train config', () => {
    const parsed = parseRunExport(JSON.stringify(oldPerturbationExport()));
    expect(parsed.run.config).toEqual(config);
    expect(parsed.run.studies[0].study).toEqual(parseStudy({ kind: 'perturbation', suite: 'in-30' }));
  });

  it('still refuses them in a study asked for now, and refuses any other unknown train key in a stored one', () => {
    expect(() => parseStudy({ kind: 'perturbation', train: { backend: 'auto' } })).toThrow(/train\.backend: unknown key/);
    const file = oldPerturbationExport();
    (file.run.studies[0].study as { train: Record<string, unknown> }).train.numGenerationz = 4;
    expect(() => parseRunExport(JSON.stringify(file))).toThrow(/run\.studies\.0\.study\.train\.numGenerationz: unknown key/);
  });
});

describe('freeRunId', () => {
  it('keeps a free id and otherwise finds the next free -imported name', () => {
    expect(freeRunId('a', new Set())).toBe('a');
    expect(freeRunId('a', new Set(['a']))).toBe('a-imported');
    expect(freeRunId('a', new Set(['a', 'a-imported', 'a-imported-2']))).toBe('a-imported-3');
    expect(freeRunId('x'.repeat(100), new Set(['x'.repeat(100)])).length).toBeLessThanOrEqual(100);
  });
});
