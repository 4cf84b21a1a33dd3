/**
 * npm run hard-set [-- --candidates 3000 --runs 8]
 *
 * Measures the injection preset's hard training set on the shipped base checkpoint and writes it
 * to src/core/tasks/hard-set.json (read by hard-set.ts). Candidates are seeded in-domain chains of
 * 6 to 16 operations, apart from every suite and the validation split; 13 to 16 operations are
 * longer than any chain in the SFT data (beyond the base's capacity). Each candidate is sampled
 * `--runs` times as training samples its rollouts (temperature 0.6, top-p 0.95, at most 160
 * tokens, the long training cap), and those solved in fewer than a quarter of the runs are kept,
 * in the seeded candidate order. The file records the checkpoint (its weights' SHA-256) and how
 * many candidates of each length were kept.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseOrThrow } from '../src/core/knobs';
import { deriveSeed, Rng } from '../src/core/rng';
import { randomProblem } from '../src/core/tasks/problems';
import { DATA_SEED, heldOutIds, uniqueProblems } from '../src/core/tasks/suites';
import { ROLLOUT_SAMPLING, StageSchema } from '../src/core/config';
import { HARD_ACCURACY_BELOW, type HardSet } from '../src/core/tasks/hard-set';
import { baseCheckpointSha256, loadBasePolicy } from '../src/core/testing/base-checkpoint';
import { sampleSuite } from '../src/core/training/sampling';
import { startNodeBackend } from './node-tf';

const ArgsSchema = z.strictObject({
  candidates: z.coerce.number().int().min(1).max(100_000).default(3000),
  runs: z.coerce.number().int().min(1).max(64).default(8),
  seed: z.coerce.number().int().min(0).default(1),
});
const { values } = parseArgs({ options: { candidates: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' } }, strict: true });
const args = parseOrThrow(ArgsSchema, values, 'npm run hard-set');

const OPS = [6, 16] as const;
/** As training samples its rollouts, at the default (long) stage cap. */
const SAMPLING = { ...ROLLOUT_SAMPLING, maxNewTokens: StageSchema.parse({}).maxCompletionLength };
const OUT = join('src', 'core', 'tasks', 'hard-set.json');

async function main(): Promise<void> {
  await startNodeBackend('wasm');
  const policy = loadBasePolicy(false);
  const rng = new Rng(deriveSeed(DATA_SEED, 'hard-candidates'));
  const candidates = uniqueProblems(args.candidates, () => randomProblem(rng, 'chain', rng.int(OPS[0], OPS[1])), heldOutIds());
  const t0 = Date.now();
  const res = await sampleSuite(policy, candidates, { ...SAMPLING, runs: args.runs, seed: args.seed, onProgress: (d, t) => d % 2048 === 0 && console.log(`  ${d}/${t} samples (${((Date.now() - t0) / 1000).toFixed(0)} s)`) });
  const accuracy = res.correct.map((row) => row.filter(Boolean).length / row.length);
  const byOps: Record<number, { candidates: number; kept: number; meanAccuracy: number }> = {};
  candidates.forEach((p, i) => {
    const n = p.steps.length;
    byOps[n] ??= { candidates: 0, kept: 0, meanAccuracy: 0 };
    byOps[n].candidates++;
    byOps[n].meanAccuracy += accuracy[i];
    if (accuracy[i] < HARD_ACCURACY_BELOW) byOps[n].kept++;
  });
  for (const v of Object.values(byOps)) v.meanAccuracy = Number((v.meanAccuracy / v.candidates).toFixed(4));
  const set: HardSet = {
    provenance: {
      script: 'scripts/hard-set.ts',
      command: `npm run hard-set -- ${process.argv.slice(2).join(' ')}`.trim(),
      createdAt: new Date().toISOString(),
      checkpointSha256: baseCheckpointSha256(),
      candidates: { count: candidates.length, ops: OPS, seed: 'deriveSeed(DATA_SEED, "hard-candidates")' },
      sampling: { ...SAMPLING, runs: args.runs, seed: args.seed },
      keep: `accuracy < ${HARD_ACCURACY_BELOW}`,
      byOps,
    },
    problems: candidates.flatMap((p, i) => (accuracy[i] < HARD_ACCURACY_BELOW ? [{ q: p.id.slice('chain:'.length), accuracy: accuracy[i] }] : [])),
  };
  writeFileSync(OUT, JSON.stringify(set, null, 0).replace(/\},\{"q"/g, '},\n{"q"') + '\n');
  console.log(`kept ${set.problems.length} of ${candidates.length} candidates; by operations: ${JSON.stringify(byOps)}`);
  console.log(`wrote ${OUT} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  policy.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
