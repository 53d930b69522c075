/**
 * SVG → PNG for the CLI (`study --png`) through a Chromium already on the machine, driven by its own command line
 * (`--headless --screenshot`): no browser-automation library is loaded at run time (the Playwright test package is a
 * devDependency), and no browser is downloaded. The browser is $HBW_CHROMIUM, else the first of the usual names
 * found on PATH or in /usr/bin.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The Chromium binary to use, or undefined when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HBW_CHROMIUM) return existsSync(env.HBW_CHROMIUM) ? env.HBW_CHROMIUM : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of NAMES) for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  return undefined;
}

/** The pixel size an SVG declares (its root's width and height, else its viewBox). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) throw new Error('not an SVG (no <svg> element)');
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(root)?.[1]);
  let width = attr('width'),
    height = attr('height');
  if (!(width > 0 && height > 0)) {
    const vb = /\sviewBox="[\d.-]+[\s,]+[\d.-]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(root);
    width = Number(vb?.[1]);
    height = Number(vb?.[2]);
  }
  if (!(width > 0 && height > 0)) throw new Error('the SVG declares no width/height or viewBox');
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

/** Renders the SVG file at its declared size into a PNG; rejects with the browser's message when it fails. */
export async function svgToPng(
  svgPath: string,
  pngPath: string,
  chromium: string | null = findChromium() ?? null,
): Promise<void> {
  if (!chromium) throw new Error('no Chromium found (install chromium, or set HBW_CHROMIUM to a Chrome/Chromium binary)');
  const svg = readFileSync(svgPath, 'utf8');
  const { width, height } = svgSize(svg);
  const dir = mkdtempSync(join(tmpdir(), 'hbw-svg-'));
  try {
    const html = join(dir, 'figure.html');
    writeFileSync(html, `<!doctype html><html><body style="margin:0;overflow:hidden">${svg}</body></html>`);
    const args = [
      '--headless',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      '--disable-extensions',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), // Chromium refuses to run as root with its sandbox
      '--force-device-scale-factor=1',
      `--window-size=${width},${height}`,
      `--screenshot=${pngPath}`,
      pathToFileURL(html).href,
    ];
    await new Promise<void>((done, fail) => {
      execFile(chromium, args, { timeout: 60_000 }, (err, _out, stderr) => {
        if (err) fail(new Error(`${chromium} failed: ${(stderr || err.message).trim().split('\n').at(-1)}`));
        else done();
      });
    });
    if (!existsSync(pngPath) || statSync(pngPath).size === 0) throw new Error(`${chromium} wrote no screenshot`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
