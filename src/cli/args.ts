/**
 * Minimal `--flag value` / `--flag=value` / boolean flag parser. Strict: unknown flags, stray positional
 * arguments, empty values (`--steps=`) and booleans given a value other than true/false are usage errors
 * (exit 2), so nothing the user typed is silently ignored.
 */
import { UsageError } from './errors';

export { UsageError };

export interface ParsedArgs {
  command: string;
  flags: Map<string, string[]>;
  positional: string[];
}

/** `--debug` is global (main.ts reads it); every command accepts it. */
const GLOBAL = new Set(['debug']);

/** `positionals`: how many bare arguments the command takes (fetch-data's dataset name); any more is a usage error. */
export function parseArgs(
  argv: string[],
  known: Record<string, 'value' | 'list' | 'bool'>,
  command: string,
  positionals = 0,
): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const knownList = () =>
    Object.keys(known)
      .map((k) => '--' + k)
      .join(' ');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (GLOBAL.has(name) && eq < 0) continue;
    const kind = known[name];
    if (!kind) throw new UsageError(`${command}: unknown option --${name}. Known: ${knownList()} --debug`);
    const values: string[] = [];
    if (eq >= 0) {
      const v = a.slice(eq + 1);
      if (v.trim() === '')
        throw new UsageError(
          `${command}: --${name}= has an empty value. Fix: give a value (--${name}=<value>) or leave the flag out`,
        );
      if (kind === 'bool' && v !== 'true' && v !== 'false')
        throw new UsageError(`${command}: --${name} takes no value (or =true / =false), got "${v}"`);
      values.push(v);
    } else if (kind === 'bool') values.push('true');
    else {
      // A list flag takes every following value up to the next flag (so shell globs work: --lexicon a.tsv b.tsv).
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        values.push(argv[++i]);
        if (kind === 'value') break;
      }
      if (values.length === 0) throw new UsageError(`${command}: --${name} needs a value`);
      if (values.some((v) => v.trim() === ''))
        throw new UsageError(`${command}: --${name} has an empty value. Fix: give a value or leave the flag out`);
    }
    if (kind === 'value' && flags.has(name)) throw new UsageError(`${command}: --${name} is given twice. Fix: give it once`);
    flags.set(name, [...(flags.get(name) ?? []), ...values]);
  }
  if (positional.length > positionals)
    throw new UsageError(
      `${command}: unexpected argument "${positional[positionals]}" (${positionals ? `it takes ${positionals} bare argument${positionals > 1 ? 's' : ''}; ` : ''}every other value belongs to a flag). Known: ${knownList()}`,
    );
  return { command, flags, positional };
}

export function flag(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function boolFlag(a: ParsedArgs, name: string): boolean {
  return flag(a, name) === 'true';
}

export function listFlag(a: ParsedArgs, name: string): string[] | undefined {
  const v = a.flags.get(name);
  if (!v) return undefined;
  const items = v.flatMap((s) => s.split(',')).map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(
      `${a.command}: --${name} has an empty item in "${v.join(',')}". Fix: separate values with single commas`,
    );
  return items;
}

export function intFlag(a: ParsedArgs, name: string): number | undefined {
  const v = flag(a, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n))
    throw new UsageError(`${a.command}: --${name} must be a non-negative integer, got "${v}"`);
  return n;
}

/** A finite number (e.g. --alpha 0.5); an empty or non-numeric value is a usage error, never 0 or NaN. */
export function numFlag(a: ParsedArgs, name: string): number | undefined {
  const v = flag(a, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${a.command}: --${name} must be a number, got "${v}"`);
  return n;
}

/** Refuses flags that make no sense together (e.g. --model with --retriever bm25): they would be ignored. */
export function refuseIgnored(a: ParsedArgs, names: string[], why: string): void {
  const given = names.filter((n) => a.flags.has(n));
  if (given.length)
    throw new UsageError(
      `${a.command}: ${given.map((n) => '--' + n).join(', ')} would be ignored ${why}. Fix: leave ${given.length > 1 ? 'them' : 'it'} out`,
    );
}
