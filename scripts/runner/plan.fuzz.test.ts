import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ExperimentConfigSchema } from '../../src/core/config';
import { ConfigError } from '../../src/core/knobs';
import { parseStudy } from '../../src/core/eval/studies';
import { FuzzTally, fuzzOptions, hostileConfigFile, hostileConfigText, hostileGridArg } from '../../src/testing/fuzz';
import { configPlan, parseGridArgs, PlanError, type Plan } from './plan';

/**
 * Fuzz: a config file and --grid arguments either make a plan whose every unit holds a config the
 * schema accepts as it is, or are refused with a PlanError or ConfigError that names the file (the
 * runner prints that as one line and exits 2); nothing else escapes.
 */
const configTally = new FuzzTally('config files → configPlan');
const gridTally = new FuzzTally('--grid strings → parseGridArgs + configPlan');
afterAll(() => {
  console.log(configTally.line());
  console.log(gridTally.line());
});

const FILE = 'fuzz.json';
const isRefusal = (e: unknown) => e instanceof PlanError || e instanceof ConfigError;

/** What every plan must hold, whatever made it. */
function checkPlan(plan: Plan): void {
  expect(plan.units.length).toBeGreaterThan(0);
  expect(new Set(plan.units.map((u) => u.id)).size).toBe(plan.units.length);
  for (const unit of plan.units) {
    expect(unit.id).toMatch(/^[A-Za-z0-9._-]+$/);
    // A unit's config and studies are already parsed: parsing them again changes nothing.
    expect(ExperimentConfigSchema.parse(unit.config)).toEqual(unit.config);
    for (const s of unit.studies) expect(parseStudy(s)).toEqual(s);
  }
}

function checkRefusal(e: Error): void {
  // The runner prints the message as one `error: …` line; it starts with the file or the flag at fault.
  expect(e.message).toMatch(new RegExp(`^(${FILE.replace('.', '\\.')}: |--grid|--seeds|arm |two units )`));
}

describe('fuzz: runner config files and --grid', () => {
  it('configPlan makes a plan of valid units from a config file, or refuses it naming the file', () => {
    fc.assert(
      fc.property(hostileConfigFile, fc.constantFrom('full', 'quick') as fc.Arbitrary<'full' | 'quick'>, (json, size) => {
        const r = configTally.attempt(() => configPlan(FILE, json, 1, [], size), isRefusal);
        if (r.ok) checkPlan(r.value);
        else checkRefusal(r.error);
      }),
      fuzzOptions(600),
    );
  });

  it('a config file read from text (as the runner reads it) is planned or refused the same way, however deep or cut short', () => {
    fc.assert(
      fc.property(hostileConfigText, (text) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return; // the runner says "<file> is not valid JSON" before it plans anything
        }
        const r = configTally.attempt(() => configPlan(FILE, json, 1, []), isRefusal);
        if (r.ok) checkPlan(r.value);
        else checkRefusal(r.error);
      }),
      fuzzOptions(300),
    );
  });

  it('--grid arguments are parsed into axes or refused, and a plan over them holds only valid units', () => {
    fc.assert(
      fc.property(fc.array(hostileGridArg, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 2 }), (args, seeds) => {
        const r = gridTally.attempt(() => configPlan(FILE, { name: 'grid', stages: [{ steps: 4 }, { steps: 2 }] }, seeds, parseGridArgs(args)), isRefusal);
        if (r.ok) {
          checkPlan(r.value);
          expect(r.value.units.length).toBe(seeds * r.value.grid.reduce((n, axis) => n * axis.values.length, 1));
        } else checkRefusal(r.error);
      }),
      fuzzOptions(600),
    );
  });
});
