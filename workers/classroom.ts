import type { z } from 'zod';
import { ROLLOUT_SAMPLING } from '../src/core/config';
import type { Policy } from '../src/core/model/policy';
import { deriveSeed, Rng } from '../src/core/rng';
import { randomProblem } from '../src/core/tasks/problems';
import { isCorrect } from '../src/core/tasks/verifier';
import type { ClassroomArgsSchema, ClassroomGroup } from './api';

/**
 * The classroom's zero-advantage view: G samples for each of a few fresh problems, with the
 * verifier's verdicts. The problems depend only on the seed and the number of operations, so
 * moving the G or temperature slider re-samples the same problems; the page turns verdicts into
 * rewards and advantages with the pure functions of src/core/grpo.
 */
export async function classroomGroups(policy: Policy, args: z.output<typeof ClassroomArgsSchema>): Promise<ClassroomGroup[]> {
  const G = args.numGenerations;
  const rng = new Rng(deriveSeed(args.seed, `classroom/problems/${args.ops}`));
  const problems = Array.from({ length: args.numProblems }, () => randomProblem(rng, 'chain', args.ops));
  const completions = await policy.sample(
    problems.flatMap((p) => Array<string>(G).fill(p.prompt)),
    // Training's default top-p, so the view shows what GRPO would see.
    { temperature: args.temperature, topP: ROLLOUT_SAMPLING.topP, maxNewTokens: args.maxNewTokens, seed: deriveSeed(args.seed, 'classroom/samples') },
  );
  return problems.map((p, i) => ({
    problemId: p.id,
    prompt: p.prompt,
    answer: p.answer,
    start: p.start,
    steps: p.steps,
    samples: completions.slice(i * G, (i + 1) * G).map((c) => ({ text: c.text, correct: isCorrect(c.text, p.answer), length: c.tokens.length })),
  }));
}
