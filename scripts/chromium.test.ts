import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumExecutablePath, NoChromiumError } from './chromium';

describe('chromiumExecutablePath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grpo-chromium-'));
  const present = join(dir, 'chromium');
  writeFileSync(present, '');
  const absent = join(dir, 'no-such-browser');
  const none = () => absent;

  it('takes $CHROMIUM_PATH first, then $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, then the Debian path', () => {
    expect(chromiumExecutablePath({ CHROMIUM_PATH: present }, absent, none)).toBe(present);
    expect(chromiumExecutablePath({ PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: present }, absent, none)).toBe(present);
    expect(chromiumExecutablePath({}, present, none)).toBe(present);
  });

  it('refuses a $CHROMIUM_PATH that does not exist, even when the Debian browser does', () => {
    const attempt = () => chromiumExecutablePath({ CHROMIUM_PATH: absent }, present, none);
    expect(attempt).toThrow(NoChromiumError);
    expect(attempt).toThrow(`CHROMIUM_PATH points to ${absent}, which does not exist`);
  });

  it("leaves the choice to Playwright only when its own download is on disk", () => {
    expect(chromiumExecutablePath({}, absent, () => present)).toBeUndefined();
  });

  it('with no browser anywhere, says how to get one', () => {
    for (const playwright of [none, () => '', () => { throw new Error('unsupported platform'); }]) {
      const attempt = () => chromiumExecutablePath({}, absent, playwright);
      expect(attempt).toThrow(NoChromiumError);
      expect(attempt).toThrow(/apt-get install chromium.*CHROMIUM_PATH/);
    }
  });
});
