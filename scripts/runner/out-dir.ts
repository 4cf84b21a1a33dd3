import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PlanSchema } from './schema';
import type { Plan } from './plan';

/**
 * The runner's file-system side: results folders and their files. Every failure is an OutDirError
 * whose message is one line naming the path and what is wrong, which the runner prints as
 * `error: …` with exit code 2, before any unit runs.
 */
export class OutDirError extends Error {
  override name = 'OutDirError';
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOENT: 'the folder cannot be created there',
    ENOSPC: 'the disk is full',
    EEXIST: 'a file of that name is in the way',
  };
  return (err?.code && Object.hasOwn(why, err.code) ? why[err.code] : undefined) ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Makes `dir` (and its missing parents) or says why it cannot. One folder at a time, not
 * `mkdirSync(…, { recursive: true })`: that never returns for a path under /proc.
 */
export function ensureDir(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let cur = abs;
  while (!existsSync(cur)) {
    missing.unshift(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  if (existsSync(cur) && !statSync(cur).isDirectory()) {
    throw new OutDirError(cur === abs ? `${abs} is a file, not a folder` : `cannot make ${abs}: ${cur} is a file, not a folder`);
  }
  try {
    accessSync(cur, constants.W_OK);
  } catch (e) {
    throw new OutDirError(`cannot write to ${cur}: ${reason(e)}`);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new OutDirError(`cannot make ${d}: ${reason(e)}`);
    }
  }
}

/** Writes a file whole or not at all (a temporary file, then a rename). */
export function writeAtomic(file: string, text: string): void {
  ensureDir(dirname(file));
  try {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    throw new OutDirError(`cannot write ${file}: ${reason(e)}`);
  }
}

/** A results folder's plan.json, checked; null when the folder holds none yet. */
export function readPlanFile(dir: string): Plan | null {
  const file = join(dir, 'plan.json');
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new OutDirError(`${file} is not a plan of this runner (${e instanceof SyntaxError ? `not valid JSON: ${e.message}` : reason(e)}); choose another --out or delete it`);
  }
  const r = PlanSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new OutDirError(`${file} is not a plan of this runner (${first.path.join('.') || 'the file'}: ${first.message}); choose another --out or delete it`);
  }
  return r.data as Plan;
}

/** Whether two plans ask for the same units (as the schema reads them, so older plan files compare too). */
export function sameUnits(a: Plan, b: Plan): boolean {
  // The same units in another order are the same plan (an earlier version listed them arm-major).
  const units = (p: Plan) => JSON.stringify(z.array(PlanSchema.shape.units.element).parse([...p.units].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))));
  return units(a) === units(b);
}
