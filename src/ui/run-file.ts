import { MAX_IMPORT_BYTES } from '../../workers/api';

/**
 * Reads a run file the user picked, for `LabClient.importRun`. A file over the cap is refused
 * before a byte of it is read; the worker checks the text's size again and validates the rest.
 */
export async function readRunFile(file: Blob & { name?: string }): Promise<string> {
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    throw new Error(`${file.name ?? 'the file'} is ${mb(file.size)}; the limit for an imported run is ${mb(MAX_IMPORT_BYTES)}`);
  }
  return file.text();
}
