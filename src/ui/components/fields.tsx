import { useId } from 'react';
import type { Field } from '../../core/experiment/schema';

interface NumProps {
  label: string;
  value: number | undefined;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  /** The config field this edits: marks it invalid when the config error names it. */
  field?: string;
  invalidField?: string;
  disabled?: boolean;
  placeholder?: string;
  hint?: string;
}

/** What a number input takes from a config declaration: label, limits, help text, and the field it edits. */
export type DeclaredProps = Required<Pick<NumProps, 'label' | 'field'>> & Pick<NumProps, 'min' | 'max' | 'step' | 'hint'>;

/** The props of a NumField editing field `key` of a field table (`prefix` = its path, e.g. "model."). */
export function declared<F extends Readonly<Record<string, Field<unknown>>>>(
  fields: F,
  key: keyof F & string,
  prefix = '',
): DeclaredProps {
  const f = fields[key];
  const l = f.limits;
  return {
    label: f.label ?? key,
    field: prefix + key,
    min: l?.min,
    max: l?.max,
    step: l?.integer ? 1 : (l?.step ?? 'any'),
    hint: f.doc.replace(/`/g, ''),
  };
}

/** A labelled number input; an empty box yields NaN so validation names the field instead of guessing. */
export function NumField({
  label,
  value,
  onChange,
  min,
  max,
  step = 'any',
  field,
  invalidField,
  disabled,
  placeholder,
  hint,
}: NumProps) {
  const id = useId();
  const invalid = !!field && invalidField === field;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        placeholder={placeholder}
        value={value === undefined || Number.isNaN(value) ? '' : value}
        aria-invalid={invalid || undefined}
        title={hint}
        onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      />
    </div>
  );
}

interface LangChecksProps {
  legend: string;
  langs: string[];
  checked: (l: string) => boolean;
  onToggle: (l: string) => void;
  disabled?: boolean;
  note?: (l: string) => string | undefined;
}

export function LangChecks({ legend, langs, checked, onToggle, disabled, note }: LangChecksProps) {
  return (
    <fieldset className="field" disabled={disabled}>
      <legend>{legend}</legend>
      {langs.map((l) => (
        <label key={l} className="check">
          <input type="checkbox" checked={checked(l)} onChange={() => onToggle(l)} /> {l}
          {note?.(l) ? <span className="tag">{note(l)}</span> : null}
        </label>
      ))}
    </fieldset>
  );
}
