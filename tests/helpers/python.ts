/**
 * The system Python the recipe tests run (`/usr/bin/python3`: Debian's python3-torch with gloo and python3-numpy,
 * installed by scripts/ensure-python.sh). Locally a missing interpreter or module skips those tests; under
 * CI=true it fails them (`pythonTest` throws the reason), so a broken install is never a green run.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { it } from 'vitest';

export const PYTHON = process.env.HBW_PYTHON ?? '/usr/bin/python3';

/** Why `modules` cannot be imported by PYTHON, or undefined when they can. */
export function pythonProblem(modules: string[]): string | undefined {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message}); install python3 (bash scripts/ensure-python.sh)`;
  if (r.status !== 0)
    return `${PYTHON} cannot import ${modules.join(', ')}: ${r.stderr.trim().split('\n').pop()}; run bash scripts/ensure-python.sh`;
  return undefined;
}

/** `it` that needs these Python modules: skipped locally without them, failing under CI=true. */
export function pythonTest(modules: string[]) {
  const problem = pythonProblem(modules);
  const strict = process.env.CI === 'true' || process.env.CI === '1';
  if (!problem) return it;
  if (!strict) return it.skip;
  return ((name: string, _fn: unknown, timeout?: number) =>
    it(
      name,
      () => {
        throw new Error(problem);
      },
      timeout,
    )) as typeof it;
}

/** Run PYTHON; throws with its stderr and the end of its stdout (where torchrun's workers print) when it fails. */
export function runPython(
  args: string[],
  opts: { cwd?: string; timeout?: number; input?: string } = {},
): SpawnSyncReturns<string> {
  const r = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    cwd: opts.cwd,
    timeout: opts.timeout ?? 300_000,
    input: opts.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(
      `${PYTHON} ${args.join(' ')} failed (status ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${r.stderr}` +
        `\n-- stdout (last 4,000 characters):\n${(r.stdout ?? '').slice(-4000)}`,
    );
  return r;
}
