/**
 * The rule-based verifier (Eq. 5): reward 1 when the answer written inside the one
 * `\boxed{…}` marker equals the ground truth, else 0.
 *
 * Rules, chosen to be strict enough that the policy cannot hedge:
 * - exactly one marker: none, or two or more, is unverifiable (a policy must commit to one answer);
 * - spaces around the number (and after its sign) are ignored, a leading `+` is allowed, leading
 *   zeros are allowed (`\boxed{07}` is 7) — as a numeric equivalence check would; spaces between
 *   digits are not (`\boxed{1 2}` holds two numbers);
 * - anything else inside the braces (letters, a second number, an empty box) is unverifiable;
 * - text after the marker is allowed (the sampler stops at EOS, but a capped completion may run on).
 */
export const ANSWER_OPEN = '\\boxed{';
export const ANSWER_CLOSE = '}';

export type Extraction =
  | { ok: true; value: number }
  | { ok: false; reason: 'no-marker' | 'several-markers' | 'unclosed' | 'not-a-number' };

export function extractAnswer(completion: string): Extraction {
  const first = completion.indexOf(ANSWER_OPEN);
  if (first < 0) return { ok: false, reason: 'no-marker' };
  if (completion.indexOf(ANSWER_OPEN, first + ANSWER_OPEN.length) >= 0) return { ok: false, reason: 'several-markers' };
  const start = first + ANSWER_OPEN.length;
  const end = completion.indexOf(ANSWER_CLOSE, start);
  if (end < 0) return { ok: false, reason: 'unclosed' };
  const m = /^([+-]?)\s*(\d+)$/.exec(completion.slice(start, end).trim());
  if (!m) return { ok: false, reason: 'not-a-number' };
  return { ok: true, value: Number.parseInt(m[1] + m[2], 10) };
}

export function isCorrect(completion: string, answer: number): boolean {
  const got = extractAnswer(completion);
  return got.ok && got.value === answer;
}

/** The verification reward R(â, a) of Eq. 5. */
export function verificationReward(completion: string, answer: number): 0 | 1 {
  return isCorrect(completion, answer) ? 1 : 0;
}
