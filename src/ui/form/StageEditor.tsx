import { MAX_STAGES } from '../../core/config';
import { STAGE_FIELDS } from './knob-fields';
import { defaultDraft, encodeStages, type StageDraft } from './draft';
import { KnobInput } from './KnobInput';

interface Props {
  stages: StageDraft[];
  errors: Record<string, string>;
  onChange: (stages: StageDraft[]) => void;
}

/** Each stage knob's short label inside the editor, in STAGE_FIELDS order. */
const STAGE_LABELS: Record<keyof StageDraft, string> = { maxCompletionLength: 'max length', sampleFilter: 'filter', steps: 'steps', lengthReward: 'RLR' };

/** The stage list (Table 2's 8(N)-16(N)-24(NP)): each stage its own max length, sample filter and steps. */
export function StageEditor({ stages, errors, onChange }: Props) {
  const update = (i: number, patch: Partial<StageDraft>) => onChange(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...stages];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s);
    onChange(next);
  };
  const total = stages.reduce((n, s) => n + (Number(s.steps) || 0), 0);
  return (
    <fieldset className="stage-editor" data-testid="stage-editor">
      <legend>Stages</legend>
      <p className="help">
        Run in order; each with its own max completion length, sample filter (N: negative only, P: positive only, NP: both; Section 3) and steps. Now{' '}
        <code data-testid="stage-notation">{encodeStages(stages)}</code>, {total} steps.
      </p>
      <ol className="stages">
        {stages.map((s, i) => (
          <li key={i} className="stage" data-testid="stage">
            <span className="stage-index" aria-hidden="true">
              {i + 1}
            </span>
            {STAGE_FIELDS.map((f) => {
              const key = f.path as keyof StageDraft;
              return <KnobInput key={key} compact field={f} label={STAGE_LABELS[key]} value={s[key]} error={errors[`stages.${i}.${key}`]} onChange={(v) => update(i, { [key]: typeof v === 'boolean' ? v : String(v) })} />;
            })}
            <div className="stage-actions">
              <button type="button" className="icon ghost" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move stage ${i + 1} up`}>
                ↑
              </button>
              <button type="button" className="icon ghost" onClick={() => move(i, 1)} disabled={i === stages.length - 1} aria-label={`Move stage ${i + 1} down`}>
                ↓
              </button>
              <button type="button" className="icon ghost" onClick={() => onChange(stages.filter((_, j) => j !== i))} disabled={stages.length === 1} aria-label={`Remove stage ${i + 1}`}>
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {errors.stages && <p className="field-error">{errors.stages}</p>}
      <button
        type="button"
        className="small ghost"
        onClick={() => onChange([...stages, { ...(stages.at(-1) ?? defaultDraft().stages[0]) }])}
        disabled={stages.length >= MAX_STAGES}
      >
        + Add stage
      </button>
    </fieldset>
  );
}
