import { MAX_IMPORT_BYTES, tooLargeToImport } from '../../workers/api';

/**
 * Reads a run file the user picked, for `LabClient.importRun`. A file over the cap is refused
 * before a byte of it is read; the worker checks the text's size again and validates the rest.
 */
export async function readRunFile(file: Blob & { name?: string }): Promise<string> {
  if (file.size > MAX_IMPORT_BYTES) throw new Error(tooLargeToImport(file.name ?? 'the file', file.size));
  return file.text();
}
