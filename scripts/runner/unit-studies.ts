import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { StudyReportSchema } from '../../src/core/eval/results';
import { UNIT_FILES } from './protocol';
import type { Unit } from './plan';
import type { UnitResult } from './summary';

/**
 * The studies a unit's folder holds, in the plan's order, up to the first missing one, or one that
 * does not parse or is not the unit's study at that place (one being written when its runner was
 * stopped is run again). The runner reads them back to go on after them; the report carries them
 * across sessions (report/partial.ts).
 */
export function finishedStudies(unitDir: string, unit: Unit): UnitResult['studies'] {
  const studies: unknown[] = [];
  for (let i = 0; i < unit.studies.length; i++) {
    const file = join(unitDir, UNIT_FILES.study(i));
    if (!existsSync(file)) break;
    let parsed;
    try {
      parsed = StudyReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      break;
    }
    if (!parsed.success || !isDeepStrictEqual(parsed.data.study, unit.studies[i])) break;
    studies.push(parsed.data);
  }
  return studies as UnitResult['studies'];
}
