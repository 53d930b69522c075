/**
 * Field tables: one declaration per config type. Each field carries its default, its check (bounds, type,
 * the message and the fix), its documentation (the README table, the form's help) and its form limits; the
 * TS type of the config is derived from the table (ValueOf). A config is a JSON object whose keys are all
 * declared: an unknown key is an error naming the closest declared one (a typo such as `model.hiden`).
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(field ? `config field "${field}": ${problem}. Fix: ${fix}` : `config: ${problem}. Fix: ${fix}`);
  }
}

/** Form limits of a number field (the `<input type="number">`'s min/max/step). */
export interface NumberLimits {
  min: number;
  max: number;
  integer: boolean;
  step?: number;
}

export interface Field<T> {
  readonly default: T;
  /** What the field means (Markdown; the README table and the form's help). */
  readonly doc: string;
  /** Valid values in words, for the README table. */
  readonly valid: string;
  /** Validates a value given by the user (already known to be present) and returns it, or throws ConfigError. */
  readonly check: (v: unknown, path: string) => T;
  readonly limits?: NumberLimits;
  /** The form's label, where the form edits the field. */
  readonly label?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a table holds fields of every value type
export type Fields = Readonly<Record<string, Field<any>>>;
/** The config type a table declares. */
export type ValueOf<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

type Extra = { label?: string; step?: number };
/** A number field always has form limits. */
export type NumberField = Field<number> & { readonly limits: NumberLimits };

/** A finite number in [min, max] (an integer when asked); the message names the field and the range. */
export function num(field: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ConfigError(field, `expected a number, got ${JSON.stringify(v)}`, `give a number between ${min} and ${max}`);
  if (v < min || v > max) throw new ConfigError(field, `${v} is out of range`, `use a value between ${min} and ${max}`);
  if (integer && !Number.isInteger(v)) throw new ConfigError(field, `${v} is not an integer`, 'use a whole number');
  return v;
}

const fmt = (n: number): string =>
  n === 2 ** 32 - 1 ? '2³²−1' : n >= 1e5 && Number.isInteger(Math.log10(n)) ? `10^${Math.log10(n)}` : String(n);
const rangeText = (min: number, max: number, integer: boolean) => `${integer ? 'integer' : 'number'} ${fmt(min)} … ${fmt(max)}`;

export function number(dflt: number, min: number, max: number, doc: string, extra: Extra = {}): NumberField {
  return {
    default: dflt,
    doc,
    valid: rangeText(min, max, false),
    label: extra.label,
    limits: { min, max, integer: false, step: extra.step },
    check: (v, p) => num(p, v, min, max),
  };
}

export function integer(dflt: number, min: number, max: number, doc: string, extra: Extra = {}): NumberField {
  return {
    default: dflt,
    doc,
    valid: rangeText(min, max, true),
    label: extra.label,
    limits: { min, max, integer: true, step: 1 },
    check: (v, p) => num(p, v, min, max, true),
  };
}

/** An integer in [min, max], or null (= no limit). */
export function nullableInteger(min: number, max: number, doc: string): Field<number | null> {
  return {
    default: null,
    doc,
    valid: `null or ${rangeText(min, max, true)}`,
    check: (v, p) => (v === null ? null : num(p, v, min, max, true)),
  };
}

export function text(dflt: string, doc: string, extra: Extra = {}): Field<string> {
  return {
    default: dflt,
    doc,
    valid: 'string',
    label: extra.label,
    check: (v, p) => {
      if (typeof v !== 'string')
        throw new ConfigError(p, `expected a string, got ${JSON.stringify(v)}`, 'write it in double quotes');
      return v;
    },
  };
}

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export function oneOf<const T extends string>(values: readonly T[], dflt: T, doc: string): Field<T> {
  return {
    default: dflt,
    doc,
    valid: values.map((x) => `\`'${x}'\``).join(', '),
    check: (v, p) => {
      if (typeof v !== 'string' || !values.includes(v as T))
        throw new ConfigError(p, `unknown value ${JSON.stringify(v)}`, `use ${quoted(values)}`);
      return v as T;
    },
  };
}

/** Any other shape: the check is the field's own; `valid` says in words what it accepts. */
export function custom<T>(dflt: T, doc: string, valid: string, check: (v: unknown, path: string) => T): Field<T> {
  return { default: dflt, doc, valid, check };
}

/** Levenshtein distance (small strings: field names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known name closest to `name` when it is plausibly a typo of it (case-insensitive, ≤ ⅓ of its letters off). */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined,
    bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

/** `v` as a plain JSON object, or a ConfigError naming what it is instead. */
export function asObject(v: unknown, path: string, example: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConfigError(path, `expected a JSON object, got ${kindOf(v)}`, `write e.g. ${example}`);
  return v as Record<string, unknown>;
}

/** Every key of `obj` is one of `known`; otherwise names the first unknown one and the closest known one. */
export function checkKeys(obj: Record<string, unknown>, known: readonly string[], path: string, what = 'field'): void {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const k of Object.keys(obj)) {
    if (known.includes(k)) continue;
    const near = closest(k, known);
    const list = `known: ${known.join(', ')}`;
    throw new ConfigError(
      at(k),
      `unknown ${what}`,
      near ? `did you mean "${at(near)}"? Otherwise remove it (${list})` : `remove it (${list})`,
    );
  }
}

export function defaultsOf<F extends Fields>(fields: F): ValueOf<F> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) out[k] = structuredClone(f.default);
  return out as ValueOf<F>;
}

/**
 * `raw` (an object of declared keys only) over the defaults, every given value checked; keys in declaration
 * order (the order experiment.json is written in).
 */
export function resolveFields<F extends Fields>(
  fields: F,
  raw: unknown,
  path: string,
  example: string,
  what = 'field',
): ValueOf<F> {
  const obj = asObject(raw, path, example);
  checkKeys(obj, Object.keys(fields), path, what);
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields))
    out[k] = obj[k] === undefined ? structuredClone(f.default) : f.check(obj[k], path ? `${path}.${k}` : k);
  return out as ValueOf<F>;
}

/** A README-style literal: strings in single quotes, `{ a: 1 }`, `[1, 2]` (how the tables print defaults). */
export function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v && typeof v === 'object') {
    const e = Object.entries(v);
    return e.length ? `{ ${e.map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }` : '{}';
  }
  return String(v);
}

/** The Markdown table of a field table (README): field, default, valid values, meaning. */
export function markdownTable(fields: Fields, prefix = ''): string {
  const rows = ['| field | default | valid values | meaning |', '|---|---|---|---|'];
  for (const [k, f] of Object.entries(fields))
    rows.push(`| \`${prefix}${k}\` | \`${literal(f.default)}\` | ${f.valid} | ${f.doc} |`);
  return rows.join('\n');
}
