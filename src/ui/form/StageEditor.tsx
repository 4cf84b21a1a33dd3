import { STAGE_FIELDS } from './knob-fields';
import { encodeStages, type StageDraft } from './draft';
import { KnobInput } from './KnobInput';

interface Props {
  stages: StageDraft[];
  errors: Record<string, string>;
  onChange: (stages: StageDraft[]) => void;
}

const field = (path: string) => STAGE_FIELDS.find((f) => f.path === path)!;

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
            <KnobInput compact field={field('maxCompletionLength')} label={`max length`} value={s.maxCompletionLength} error={errors[`stages.${i}.maxCompletionLength`]} onChange={(v) => update(i, { maxCompletionLength: String(v) })} />
            <KnobInput compact field={field('sampleFilter')} label="filter" value={s.sampleFilter} error={errors[`stages.${i}.sampleFilter`]} onChange={(v) => update(i, { sampleFilter: String(v) })} />
            <KnobInput compact field={field('steps')} label="steps" value={s.steps} error={errors[`stages.${i}.steps`]} onChange={(v) => update(i, { steps: String(v) })} />
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
        onClick={() => onChange([...stages, { ...(stages.at(-1) ?? { maxCompletionLength: '160', sampleFilter: 'both', steps: '40' }) }])}
        disabled={stages.length >= 16}
      >
        + Add stage
      </button>
    </fieldset>
  );
}
