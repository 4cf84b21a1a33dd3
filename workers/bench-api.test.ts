import { describe, expect, it } from 'vitest';
import { ConfigError, parseOrThrow } from '../src/core/knobs';
import { ParityArgsSchema } from './bench-api';

function problems(input: unknown): string[] {
  try {
    parseOrThrow(ParityArgsSchema, input, 'parity');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('ParityArgsSchema', () => {
  it('defaults to a small fixed batch: 4 problems of in-30, greedy completions of at most 48 tokens', () => {
    expect(ParityArgsSchema.parse({ backend: 'webgpu' })).toEqual({ backend: 'webgpu', suite: 'in-30', problems: 4, maxNewTokens: 48 });
  });

  it('names the field and what it accepts', () => {
    expect(problems({ backend: 'auto' })).toEqual(['backend: backend must be one of webgpu, webgl, wasm, cpu']);
    expect(problems({})).toEqual(['backend: backend must be one of webgpu, webgl, wasm, cpu']);
    expect(problems({ backend: 'wasm', problems: 0, maxNewTokens: 513 })).toEqual(['problems: problems must be an integer in [1, 64]', 'maxNewTokens: maxNewTokens must be an integer in [1, 512]']);
    expect(problems({ backend: 'wasm', suite: 'in-31' })[0]).toMatch(/^suite: suite must be one of in-30, in-83/);
  });

  it('names an unknown key by its path instead of ignoring it', () => {
    expect(problems({ backend: 'wasm', maxNewToken: 48 })).toEqual(['maxNewToken: unknown key; not a setting of this config']);
  });
});
