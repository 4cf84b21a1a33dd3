import { z } from 'zod';

/**
 * Builders for config fields that carry their own label, range and help text. The same metadata
 * drives validation messages ("numGenerations must be an integer in [1, 64]"), the generated form
 * in the page and the CLI's --help, so a knob is described once.
 */
export interface KnobMeta {
  label: string;
  help: string;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
}

export const knobRegistry = z.registry<KnobMeta>();

export function intKnob(name: string, min: number, max: number, def: number, help: string) {
  const msg = `${name} must be an integer in [${min}, ${max}]`;
  const schema = z
    .number({ error: msg })
    .int({ error: msg })
    .min(min, { error: msg })
    .max(max, { error: msg })
    .default(def);
  knobRegistry.add(schema, { label: name, help, min, max, step: 1 });
  return schema;
}

export function numKnob(name: string, min: number, max: number, def: number, help: string, step = 0.01) {
  const msg = `${name} must be a number in [${min}, ${max}]`;
  const schema = z
    .number({ error: msg })
    .refine(Number.isFinite, { error: msg })
    .min(min, { error: msg })
    .max(max, { error: msg })
    .default(def);
  knobRegistry.add(schema, { label: name, help, min, max, step });
  return schema;
}

export function enumKnob<const T extends readonly [string, ...string[]]>(name: string, options: T, def: T[number], help: string) {
  const msg = `${name} must be one of ${options.join(', ')}`;
  const schema = z.enum(options, { error: msg }).default(def as never);
  knobRegistry.add(schema, { label: name, help, options });
  return schema;
}

export function boolKnob(name: string, def: boolean, help: string) {
  const schema = z.boolean({ error: `${name} must be true or false` }).default(def);
  knobRegistry.add(schema, { label: name, help });
  return schema;
}

/**
 * Keys a schema refuses for a reason worth saying (they belong elsewhere, or were dropped), by
 * their dotted path; any other unknown key reads "unknown key".
 */
const notAKey = new Map<string, string>();

export function explainUnknownKey(path: string, why: string): void {
  notAKey.set(path, why);
}

/**
 * One line per problem, each naming the knob by its path: "stages.1.steps: steps must be …".
 * Unknown keys of a strict object get one line each, by their own path: "rlr.enabeld: unknown key".
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => {
        const full = path ? `${path}.${k}` : k;
        return `${full}: ${notAKey.get(full) ?? 'unknown key; not a setting of this config'}`;
      });
    }
    return path ? `${path}: ${i.message}` : i.message;
  });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly where: string,
    readonly problems: string[],
  ) {
    super(`${where}: ${problems.join('; ')}`);
  }
}

/** Parses `input` with `schema` or throws a ConfigError that lists every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ConfigError(where, formatIssues(r.error));
  return r.data;
}
