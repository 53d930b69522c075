/**
 * How the CLI fails: one top-level handler turns every error into one line on stderr and an exit code.
 *
 *   0  success
 *   1  bad input: a data, config or model file, a run folder that refuses the write (finished, locked, …)
 *   2  usage: unknown or ill-formed flags, a flag that would be ignored, a missing required flag, an HBW_BLAS /
 *      HBW_NATIVE / HBW_BLAS_THREADS setting that is ill-formed or cannot be honoured
 *   3  the run failed: diverged (non-finite loss, gradients or weights), a training crash, a failed run of a sweep
 *  70  internal error (a bug: please report it with the --debug output)
 *
 * A stack trace is printed only with `--debug` or HBW_DEBUG=1. tfjs-wasm (Emscripten) installs process-wide
 * `uncaughtException`/`unhandledRejection` handlers that re-throw, which makes Node print the offending line of its
 * minified source (tens of kB) and exit 7; `takeOverProcessHandlers` removes them so errors always end up here.
 */
import { DataImportError } from '../core/data/errors';
import { BundleError } from '../core/bundle/manifest';
import { RunFileError } from '../core/eval/from-run';
import { ConfigError } from '../core/experiment/config';
import { ModelLoadError } from '../core/model/errors';

export const EXIT = { ok: 0, input: 1, usage: 2, runFailed: 3, internal: 70 } as const;

/** Bad command-line usage (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A user-facing failure with its own exit code (default 1: bad input); the message names the file/field and the fix. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A training / pre-training run that started and failed (diverged, crashed): exit 3. */
export class RunFailedError extends CliError {
  override readonly name = 'RunFailedError';
  constructor(message: string) {
    super(message, EXIT.runFailed);
  }
}

export const debugRequested = (argv: string[], env = process.env): boolean =>
  argv.includes('--debug') || /^(1|true|yes)$/i.test(env.HBW_DEBUG ?? '');

/**
 * Runs `load` (reading a user-supplied model/checkpoint folder) and turns whatever it throws into a CliError
 * naming `what` and the fix: a bad file there is the user's input, not a bug of ours.
 */
export function asInputError<T>(what: string, fix: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    // A model that does not load names its file and fix (ModelLoadError); prefix the flag or field it came from.
    if (e instanceof ModelLoadError) throw new CliError(`${what}: ${oneLine(e.message)}`, EXIT.input, { cause: e });
    if (e instanceof CliError || e instanceof UsageError || e instanceof DataImportError || e instanceof ConfigError) throw e; // already name file/field and fix
    const msg = oneLine(e instanceof Error ? e.message : String(e));
    throw new CliError(`${what}: ${msg}${/Fix:/.test(msg) ? '' : `. Fix: ${fix}`}`, EXIT.input, { cause: e });
  }
}

/** The fix for a --model that does not load. */
export const MODEL_FIX =
  "give a Hugging Face model folder (config.json, model.safetensors, tokenizer.json), a run's checkpoint/ or shipped:<name>";

const ERRNO: Record<string, string> = {
  EEXIST: 'already exists (as a file where a folder is needed, or the other way round)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder where a file is needed',
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
};

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** The exit code and the one line for an error (plus the stack when debugging). */
export function describeError(e: unknown, debug: boolean): { code: number; text: string } {
  // With --debug: the stack of the original error (asInputError wraps it as the cause).
  const origin = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const stack = debug && origin instanceof Error && origin.stack ? `\n${origin.stack}` : '';
  if (e instanceof UsageError) return { code: EXIT.usage, text: `error: ${oneLine(e.message)}${stack}` };
  if (e instanceof CliError) return { code: e.exitCode, text: `error: ${oneLine(e.message)}${stack}` };
  if (e instanceof DataImportError || e instanceof ConfigError || e instanceof RunFileError || e instanceof BundleError)
    return { code: EXIT.input, text: `error: ${oneLine(e.message)}${stack}` };
  const errno = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof errno.code === 'string' && errno.code in ERRNO) {
    const path = (errno as { dest?: string }).dest ?? errno.path;
    const where = path ? `${path}: ` : '';
    const fix = errno.code === 'ENOSPC' ? 'free some space' : 'check the path, or choose another one';
    return {
      code: EXIT.input,
      text: `error: ${where}${ERRNO[errno.code]} (${errno.code}${errno.syscall ? ` in ${errno.syscall}` : ''}). Fix: ${fix}${stack}`,
    };
  }
  const msg = e instanceof Error ? `${e.name}: ${oneLine(e.message)}` : oneLine(String(e));
  return {
    code: EXIT.internal,
    text: `internal error: ${msg} — this is a bug; rerun with --debug (or HBW_DEBUG=1) for the stack and report it${stack}`,
  };
}

let handler: ((e: unknown) => void) | undefined;
const ours = new Set<(...args: any[]) => void>();

/** Prints the error as describeError says and exits with its code. */
export function failAndExit(e: unknown, debug: boolean): never {
  const { code, text } = describeError(e, debug);
  process.stderr.write(text + '\n');
  process.exit(code);
}

/**
 * Installs this CLI's process-wide handlers and removes everyone else's (tfjs-wasm's re-throwing ones): call at
 * start-up and again after anything that may register handlers (the backend's initialisation).
 */
export function takeOverProcessHandlers(debug: boolean): void {
  handler ??= (e: unknown) => failAndExit(e, debug);
  for (const ev of ['uncaughtException', 'unhandledRejection']) {
    const listeners = process.listeners(ev as 'uncaughtException') as Array<(...args: any[]) => void>;
    for (const l of listeners) if (!ours.has(l)) process.removeListener(ev, l);
    if (!listeners.some((l) => ours.has(l))) {
      const l = (e: unknown) => handler!(e);
      ours.add(l);
      process.on(ev as 'uncaughtException', l);
    }
  }
}
