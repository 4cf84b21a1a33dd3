/**
 * npx tsx scripts/eval-noise.ts [--suites in-30,in-83] [--runs 64] [--seed 1]
 *
 * How much evaluation noise alone moves a suite's Pass@1 at a given number of runs per problem:
 * the shipped base checkpoint (WASM in Node) samples every problem `--runs` times as the Pass@1
 * study does (temperature 0.6, top-p 0.95, ≤ 240 tokens), which estimates each problem's accuracy
 * pᵢ; the standard deviation of Pass@1 over R runs is then √(Σ pᵢ(1 − pᵢ) / R) / N
 * (evaluationNoiseVariance). Printed for R = 1, 4, 8, 16, 32, 64 and for the reasoning average
 * (the mean of the suites given), in Pass@1 points.
 */
import { evaluationNoiseVariance } from '../src/core/eval/runs';
import { Pass1StudySchema } from '../src/core/eval/studies';
import { buildSuite, suiteSpec } from '../src/core/tasks/suites';
import { loadBasePolicy } from '../src/core/testing/base-checkpoint';
import { sampleSuite } from '../src/core/training/sampling';
import { startNodeBackend } from './node-tf';

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const RS = [1, 4, 8, 16, 32, 64];

async function main(): Promise<void> {
  const suites = argValue('--suites', 'in-30,in-83').split(',').filter(Boolean);
  const runs = Number(argValue('--runs', '64'));
  const seed = Number(argValue('--seed', '1'));
  for (const s of suites) suiteSpec(s); // an unknown suite fails before anything runs
  await startNodeBackend('wasm');
  const study = Pass1StudySchema.parse({ kind: 'pass1' });
  const policy = loadBasePolicy(false);
  const variances: number[][] = [];
  console.log(`base checkpoint, ${runs} runs per problem, temperature ${study.temperature}, top-p ${study.topP}, ≤ ${study.maxCompletionLength} tokens, seed ${seed}\n`);
  console.log(`| suite | problems | Pass@1 (${runs} runs) | ${RS.map((r) => `SD at ${r} run${r === 1 ? '' : 's'}`).join(' | ')} |`);
  console.log(`|---|---:|---:|${RS.map(() => '---:').join('|')}|`);
  for (const name of suites) {
    const problems = buildSuite(name);
    const res = await sampleSuite(policy, problems, { runs, temperature: study.temperature, topP: study.topP, maxNewTokens: study.maxCompletionLength, seed });
    const p = res.correct.map((row) => row.filter(Boolean).length / row.length);
    const pass1 = p.reduce((a, b) => a + b, 0) / p.length;
    const v = RS.map((r) => evaluationNoiseVariance(p, r));
    variances.push(v);
    console.log(`| ${name} | ${problems.length} | ${(100 * pass1).toFixed(1)} | ${v.map((x) => (100 * Math.sqrt(x)).toFixed(2)).join(' | ')} |`);
  }
  if (suites.length > 1) {
    // The mean of K suites' Pass@1, each sampled independently: the variances add, divided by K².
    const avg = RS.map((_, j) => variances.reduce((a, v) => a + v[j], 0) / suites.length ** 2);
    console.log(`| mean of ${suites.join(', ')} | | | ${avg.map((x) => (100 * Math.sqrt(x)).toFixed(2)).join(' | ')} |`);
  }
  policy.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
