import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FuzzTally, fuzzOptions, hostileImportText, validRunExport } from '../src/testing/fuzz';
import { MAX_IMPORT_BYTES } from './api';
import { ImportError, parseRunExport } from './run-export';

/**
 * Fuzz: an import file is refused with an ImportError that says what is wrong (by path where a
 * field is), or accepted as an export the worker can store (structured clone) and export again;
 * nothing else escapes, and nothing hangs (a hang is the test's own timeout).
 */
const tally = new FuzzTally('import files → parseRunExport');
afterAll(() => console.log(tally.line()));

const isImportError = (e: unknown) => e instanceof ImportError;

describe('fuzz: import files', () => {
  it('the base file is accepted unchanged, so the mutations start from a valid export', () => {
    expect(parseRunExport(JSON.stringify(validRunExport()))).toEqual(validRunExport());
  });

  it('parseRunExport refuses a hostile file with an ImportError naming the problem, or accepts one it can store and export again', () => {
    fc.assert(
      fc.property(hostileImportText, (text) => {
        const r = tally.attempt(() => parseRunExport(text), isImportError);
        if (!r.ok) {
          const { message } = r.error;
          expect(message).toMatch(/^the (file|run export) /);
          // A schema refusal leads with a path ("run.metrics.0.accuracy: …"); a key of the file may hold ':' itself.
          const listed = /^the run export is not valid: (.+)$/s.exec(message);
          if (listed) expect(listed[1]).toMatch(/^\S.*?(: | is nested more than \d+ levels deep)/s);
          // A message quotes the file, it does not repeat it: a 200,000-character value stays out of it.
          expect(message.length).toBeLessThan(4_000);
          return;
        }
        const file = r.value;
        // What the worker stores is a structured clone; what it exports reads back the same.
        const stored = structuredClone(file);
        const again = parseRunExport(JSON.stringify({ ...stored, exportedAt: '2025-02-01T00:00:00.000Z' }));
        expect({ ...again, exportedAt: file.exportedAt }).toEqual(file);
        expect(new TextEncoder().encode(JSON.stringify(file)).length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
      }),
      fuzzOptions(1000),
    );
  });

  it('the parsed object of a file is judged as its text is (the runner hands parseRunExport objects)', () => {
    const parsedText = hostileImportText.filter((t) => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    });
    fc.assert(
      fc.property(parsedText, (text) => {
        const fromText = tally.attempt(() => parseRunExport(text), isImportError);
        const fromObject = tally.attempt(() => parseRunExport(JSON.parse(text)), isImportError);
        expect(fromObject.ok).toBe(fromText.ok);
        if (fromText.ok && fromObject.ok) expect(fromObject.value).toEqual(fromText.value);
      }),
      fuzzOptions(300),
    );
  });
});
