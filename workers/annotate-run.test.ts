import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../src/core/knobs';
import { AnnotateRunArgsSchema } from './api';
import { RunRecordSchema } from './run-export';

/** Rename and notes cross the worker boundary through AnnotateRunArgsSchema, and travel in run files. */
describe('annotateRun arguments', () => {
  it('trims the name and keeps what is left out unset', () => {
    expect(parseOrThrow(AnnotateRunArgsSchema, { runId: 'run-1', label: '  lr 1e-4, seed 2 ' }, 'annotateRun')).toEqual({ runId: 'run-1', label: 'lr 1e-4, seed 2' });
    expect(parseOrThrow(AnnotateRunArgsSchema, { runId: 'run-1', notes: 'diverged at step 30' }, 'annotateRun')).toEqual({ runId: 'run-1', notes: 'diverged at step 30' });
  });
  it('refuses an unknown key by name, a long name and long notes with their bounds', () => {
    expect(() => parseOrThrow(AnnotateRunArgsSchema, { runId: 'run-1', lable: 'x' }, 'annotateRun')).toThrow(/lable/);
    expect(() => parseOrThrow(AnnotateRunArgsSchema, { runId: 'run-1', label: 'x'.repeat(121) }, 'annotateRun')).toThrow('label must be at most 120 characters');
    expect(() => parseOrThrow(AnnotateRunArgsSchema, { runId: 'run-1', notes: 'x'.repeat(2001) }, 'annotateRun')).toThrow('notes must be at most 2,000 characters');
    expect(() => parseOrThrow(AnnotateRunArgsSchema, { runId: 'run 1', notes: '' }, 'annotateRun')).toThrow(/runId/);
  });
  it('a run file may carry notes, within the same bound', () => {
    const shape = RunRecordSchema.safeParse({ notes: 'x'.repeat(2001) });
    expect(shape.success).toBe(false);
    expect(shape.error?.issues.find((i) => i.path[0] === 'notes')?.message).toBe('notes must be at most 2,000 characters');
  });
});
