import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, svgSize, svgToPng } from '../../src/node/svg-png';

describe('SVG → PNG through the Chromium command line (study --png)', () => {
  it('reads the size an SVG declares (width/height, else viewBox) and refuses one without', () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="420" viewBox="0 0 10 10">')).toEqual({
      width: 960,
      height: 420,
    });
    expect(svgSize('<svg viewBox="0 0 300.5 200">')).toEqual({ width: 301, height: 200 });
    expect(() => svgSize('<svg>')).toThrow(/declares no width\/height or viewBox/);
    expect(() => svgSize('<html/>')).toThrow(/not an SVG/);
  });

  it('names the fix when no browser is found', async () => {
    expect(findChromium({ HBW_CHROMIUM: '/nonexistent/chrome' })).toBeUndefined();
    await expect(svgToPng('x.svg', 'x.png', null)).rejects.toThrow(/no Chromium found \(install chromium, or set HBW_CHROMIUM/);
  });

  it.skipIf(!findChromium())(
    'renders a PNG of the declared size',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'svg-png-'));
      writeFileSync(
        join(dir, 'a.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#c00"/></svg>',
      );
      await svgToPng(join(dir, 'a.svg'), join(dir, 'a.png'));
      const png = readFileSync(join(dir, 'a.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([120, 40]); // IHDR width, height
    },
    90_000,
  );

  it('no source file loads @playwright/test (a devDependency) at run time', () => {
    const r = spawnSync('git', ['grep', '-l', '@playwright/test', '--', 'src'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1); // git grep: 1 = no match
    expect(r.stdout).toBe('');
  });
});
