import { useId } from 'react';
import type { KnobField } from './knob-fields';
import type { RawValue } from './draft';

/** The paper's symbol for a knob, shown before its TRL-style name. */
const SYMBOLS: Record<string, string> = {
  numGenerations: 'G',
  epsilon: 'ε',
  epsilonHigh: 'ε_high',
  beta: 'β (KL)',
  numIterations: 'μ',
  topP: 'top-p',
  'rlr.alpha': 'α',
  'rlr.lambda': 'λ',
  'rlr.epsUp': 'ε_up',
  'rlr.epsLow': 'ε_low',
  'injection.gamma': 'γ',
  'injection.numOffline': 'K',
  'injection.luffy': 'LUFFY',
  'injection.luffyGamma': 'LUFFY γ',
  'injection.luffyMaxWeight': 'LUFFY max f(p)',
};

function range(field: KnobField): string | null {
  const { min, max } = field.meta;
  if (min === undefined || max === undefined) return null;
  return `${field.kind === 'int' ? 'integer' : 'number'} in [${min}, ${max}]`;
}

interface Props {
  field: KnobField;
  value: RawValue | undefined;
  error?: string;
  onChange: (value: RawValue) => void;
  /** Dims the field (its group is switched off) without taking it out of the tab order. */
  inactive?: boolean;
  /** Label override, e.g. "max length" inside the stage editor. */
  label?: string;
  compact?: boolean;
}

/** One knob: its label, input, help and range from knobRegistry, and the schema's message when invalid. */
export function KnobInput({ field, value, error, onChange, inactive, label, compact }: Props) {
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const symbol = SYMBOLS[field.path];
  const name = field.path.split('.').at(-1)!;
  const describedBy = [compact ? null : helpId, error ? errId : null].filter(Boolean).join(' ') || undefined;
  const labelText = label ?? (
    <>
      {symbol && <span className="symbol">{symbol}</span>} <span className="knob-name">{name}</span>
    </>
  );
  const rangeText = range(field);
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'data-knob': field.path } as const;

  let input;
  if (field.kind === 'bool') {
    input = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (field.kind === 'enum') {
    input = (
      <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
        {!field.meta.options?.includes(String(value)) && <option value={String(value ?? '')}>{String(value ?? '')} (invalid)</option>}
        {field.meta.options?.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        type="text"
        inputMode={field.kind === 'text' ? 'text' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        {...common}
        value={String(value ?? '')}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }

  return (
    <div className={`field field-${field.kind}${error ? ' invalid' : ''}${inactive ? ' inactive' : ''}`} data-testid={`field-${field.path}`}>
      {field.kind === 'bool' ? (
        <label htmlFor={id} className="check-label">
          {input} {labelText}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{labelText}</label>
          {input}
        </>
      )}
      {!compact && (
        <small id={helpId} className="help">
          {field.meta.help}
          {rangeText ? ` (${rangeText})` : ''}
        </small>
      )}
      {error && (
        <p id={errId} className="field-error" data-testid="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
