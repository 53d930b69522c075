/** Minimal `--flag value` / `--flag=value` / boolean flag parser with clear errors for unknown flags. */
export interface ParsedArgs { command: string; flags: Map<string, string[]>; positional: string[] }

export class UsageError extends Error { override readonly name = 'UsageError'; }

export function parseArgs(argv: string[], known: Record<string, 'value' | 'list' | 'bool'>, command: string): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = known[name];
    if (!kind) throw new UsageError(`${command}: unknown option --${name}. Known: ${Object.keys(known).map((k) => '--' + k).join(' ')}`);
    const values: string[] = [];
    if (eq >= 0) values.push(a.slice(eq + 1));
    else if (kind === 'bool') values.push('true');
    else {
      // A list flag takes every following value up to the next flag (so shell globs work: --lexicon a.tsv b.tsv).
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) { values.push(argv[++i]); if (kind === 'value') break; }
      if (values.length === 0) throw new UsageError(`${command}: --${name} needs a value`);
    }
    flags.set(name, [...(flags.get(name) ?? []), ...values]);
  }
  return { command, flags, positional };
}

export function flag(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function listFlag(a: ParsedArgs, name: string): string[] | undefined {
  const v = a.flags.get(name);
  return v ? v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) : undefined;
}

export function intFlag(a: ParsedArgs, name: string): number | undefined {
  const v = flag(a, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${a.command}: --${name} must be a non-negative integer, got "${v}"`);
  return n;
}
