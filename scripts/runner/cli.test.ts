import { describe, expect, it } from 'vitest';
import { closestFlag, parseCli, UsageError } from './cli';

describe('runner flags', () => {
  it('name an unknown flag in one line, with the flag it most likely meant', () => {
    expect(() => parseCli(['--presett', 'rlr'])).toThrow(new UsageError('unknown flag --presett (did you mean --preset?)'));
    expect(() => parseCli(['--preset', 'rlr', '--sedes', '2'])).toThrow('unknown flag --sedes (did you mean --seeds?)');
    expect(() => parseCli(['--preset', 'rlr', '--zzzzzzzz'])).toThrow(/^unknown flag --zzzzzzzz$/);
    expect(() => parseCli(['--preset', 'rlr', '--constructor'])).toThrow(/^unknown flag --constructor$/);
    expect(closestFlag('qiuck')).toBe('quick');
  });
  it('read a valid request as before', () => {
    const a = parseCli(['--config', 'x.json', '--quick', '--grid', 'numGenerations=2,4', '--seeds', '2']);
    expect(a).toMatchObject({ config: 'x.json', quick: true, grid: ['numGenerations=2,4'], seeds: 2, backend: 'wasm' });
    expect(parseCli(['-h']).help).toBe(true);
  });
  it('draw the chart PNGs unless --no-charts, which takes no value', () => {
    expect(parseCli(['--preset', 'rlr']).noCharts).toBe(false);
    expect(parseCli(['--preset', 'rlr', '--no-charts']).noCharts).toBe(true);
    expect(() => parseCli(['--preset', 'rlr', '--no-charts=yes'])).toThrow(UsageError);
    expect(closestFlag('no-chart')).toBe('no-charts');
  });
  it('keep the other checks', () => {
    expect(() => parseCli(['--preset'])).toThrow(UsageError);
    expect(() => parseCli(['--preset', 'nope'])).toThrow(/unknown preset "nope"/);
    expect(() => parseCli(['--preset', 'rlr', '--config', 'x.json'])).toThrow(/exactly one/);
  });
  it('take --jobs as a positive integer, absent meaning the machine decides', () => {
    expect(parseCli(['--preset', 'rlr']).jobs).toBeUndefined();
    expect(parseCli(['--preset', 'rlr', '--jobs', '3']).jobs).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two']) expect(() => parseCli(['--preset', 'rlr', `--jobs=${bad}`]), bad).toThrow('--jobs must be a positive integer');
    expect(() => parseCli(['--preset', 'rlr', '--jobs', '65'])).toThrow('--jobs is at most 64');
  });
});
