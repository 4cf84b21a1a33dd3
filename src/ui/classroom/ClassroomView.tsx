import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClassroomGroup } from '../../../workers/api';
import { RlrSchema } from '../../core/config';
import { useLabClient } from '../lab-access';
import { useHidden, useView } from '../view-store';
import { classroomSummary, type ClassroomRow } from './classroom-math';
import { messageOf } from '../../core/errors';

/** Slider settings: URL key, label, range. */
const SLIDERS: { key: 'G' | 'difficulty' | 'T' | 'problems'; label: string; min: number; max: number; step: number; help: string }[] = [
  { key: 'G', label: 'G (samples per problem)', min: 1, max: 16, step: 1, help: 'more samples make an all-equal group less likely' },
  { key: 'difficulty', label: 'Difficulty (operations)', min: 1, max: 16, step: 1, help: 'longer chains: more all-wrong groups' },
  { key: 'T', label: 'Temperature', min: 0.05, max: 2, step: 0.05, help: 'hotter sampling: more varied answers' },
  { key: 'problems', label: 'Problems', min: 1, max: 16, step: 1, help: 'groups in the batch' },
];

const pct = (x: number) => `${Math.round(x * 100)}%`;

function Bars({ values, scale, label, signed }: { values: number[]; scale: number; label: string; signed?: boolean }) {
  const s = scale || 1;
  const height = (v: number) => `${Math.max(Math.min(1, Math.abs(v) / s) * 100, v === 0 ? 0 : 6)}%`;
  return (
    <div className={`bars${signed ? ' signed' : ''}`} role="img" aria-label={`${label}: ${values.map((v) => v.toFixed(2)).join(', ')}`}>
      {values.map((v, i) =>
        signed ? (
          <span key={i} className="bar-slot" title={`${label} ${v.toFixed(3)}`}>
            <span className="half up">{v > 0 && <span className="bar pos" style={{ height: height(v) }} />}</span>
            <span className="half down">{v < 0 && <span className="bar neg" style={{ height: height(v) }} />}</span>
          </span>
        ) : (
          <span key={i} className="bar-slot" title={`${label} ${v.toFixed(3)}`}>
            <span className={`bar ${v > 0 ? 'reward' : 'zero'}`} style={{ height: height(v) }} />
          </span>
        ),
      )}
    </div>
  );
}

function GroupRow({ group, row, index, advScale, rewardScale }: { group: ClassroomGroup; row: ClassroomRow; index: number; advScale: number; rewardScale: number }) {
  return (
    <li className={`group-row${row.noGradient ? ' no-gradient' : ''}`} data-testid="classroom-group" data-no-gradient={row.noGradient} data-kind={row.kind}>
      <div className="group-problem">
        <span className="group-index">{index + 1}</span>
        <code className="group-prompt">{group.prompt.replace(/^Q:/, '').trim()}</code>
        <span className="muted"> = {group.answer}</span>
      </div>
      <div className="group-cells" aria-label={`${group.samples.filter((s) => s.correct).length} of ${group.samples.length} correct`}>
        {group.samples.map((s, i) => (
          <span key={i} className={`cell ${s.correct ? 'correct' : 'wrong'}`} title={`${s.correct ? 'correct' : 'wrong'}, ${s.length} tokens: ${s.text}`}>
            {s.correct ? '✓' : '✗'}
          </span>
        ))}
      </div>
      <div className="group-bars">
        <Bars values={row.rewards} scale={rewardScale} label="rewards" />
        <Bars values={row.advantages} scale={advScale} label="advantages" signed />
      </div>
      <div className="group-verdict">
        {row.noGradient ? (
          <span className="no-gradient-label" data-testid="no-gradient">
            no gradient
          </span>
        ) : (
          <span className="gradient-label">learns</span>
        )}
        <span className="muted small-text">{row.kind.replace('-', ' ')}</span>
      </div>
    </li>
  );
}

function Slider({ s, value, onChange }: { s: (typeof SLIDERS)[number]; value: number; onChange: (v: number) => void }) {
  const id = `classroom-${s.key}`;
  return (
    <div className="slider" data-testid={`slider-${s.key}`}>
      <label htmlFor={id}>
        {s.label} <b className="value">{s.key === 'T' ? value.toFixed(2) : value}</b>
      </label>
      <input id={id} type="range" min={s.min} max={s.max} step={s.step} value={value} onChange={(e) => onChange(Number(e.target.value))} aria-describedby={`${id}-help`} />
      <small id={`${id}-help`} className="help">
        {s.help}
      </small>
    </div>
  );
}

/**
 * The zero-advantage classroom (Section 4.1): G samples for each of a few problems, their rewards
 * and advantages as GRPO computes them, and the groups where every reward is equal dimmed as
 * "no gradient". Sliders re-sample live; RLR shows correct-only groups getting a signal again.
 */
export function ClassroomView() {
  const client = useLabClient();
  const settings = useView((s) => s.view.classroom);
  const patch = useView((s) => s.patchClassroom);
  const rlrDraft = useView((s) => s.draft.values);
  const hidden = useView((s) => s.hidden);
  const hideRlr = useHidden('rlrView');
  const hideProjector = useHidden('projector');
  // The problems' seed (cseed) is fixed when hidden: a teacher's link shows the same groups every time.
  const hideSeed = useHidden('cseed');
  const [groups, setGroups] = useState<ClassroomGroup[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const { G, difficulty, T, problems, seed } = settings;
  useEffect(() => {
    if (!client) return;
    const mine = ++seq.current;
    setLoading(true);
    const timer = setTimeout(() => {
      client
        .classroom({ numGenerations: G, numProblems: problems, ops: difficulty, temperature: T, seed })
        .then((g) => {
          if (mine !== seq.current) return;
          setGroups(g);
          setError(null);
        })
        .catch((e: unknown) => mine === seq.current && setError(messageOf(e)))
        .finally(() => mine === seq.current && setLoading(false));
    }, 200);
    return () => clearTimeout(timer);
  }, [client, G, difficulty, T, problems, seed]);

  // RLR's knobs come from the Experiment form (rlr.alpha …), defaults when the form holds an invalid value.
  const rlrOptions = useMemo(() => {
    const r = RlrSchema.safeParse({ enabled: true, alpha: Number(rlrDraft['rlr.alpha']), lambda: Number(rlrDraft['rlr.lambda']), epsUp: Number(rlrDraft['rlr.epsUp']), epsLow: Number(rlrDraft['rlr.epsLow']) });
    return r.success ? r.data : RlrSchema.parse({ enabled: true });
  }, [rlrDraft]);
  const plain = useMemo(() => classroomSummary(groups?.map((g) => g.samples) ?? [], { rlr: null, scaleRewards: true }), [groups]);
  const withRlr = useMemo(() => classroomSummary(groups?.map((g) => g.samples) ?? [], { rlr: rlrOptions, scaleRewards: true }), [groups, rlrOptions]);
  const summary = settings.rlr ? withRlr : plain;
  const advScale = Math.max(1e-9, ...summary.rows.flatMap((r) => r.advantages.map(Math.abs)));
  const rewardScale = Math.max(1, ...summary.rows.flatMap((r) => r.rewards.map(Math.abs)));

  return (
    <section className={`card classroom${settings.projector ? ' projector' : ''}`} aria-labelledby="classroom-title" data-testid="classroom" aria-busy={loading}>
      <div className="card-head">
        <h2 id="classroom-title">Zero advantage, in class</h2>
        <div className="button-row">
          {!hideRlr && (
            <label className="check-label">
              <input type="checkbox" checked={settings.rlr} onChange={(e) => patch({ rlr: e.target.checked })} data-testid="classroom-rlr" /> add the relative length reward (RLR)
            </label>
          )}
          {!hideProjector && (
            <label className="check-label">
              <input type="checkbox" checked={settings.projector} onChange={(e) => patch({ projector: e.target.checked })} data-testid="classroom-projector" /> projector mode
            </label>
          )}
          {!hideSeed && (
            <button type="button" className="small" onClick={() => patch({ seed: (seed + 1) % 2 ** 31 })} disabled={!client} data-testid="classroom-new-problems">
              New problems
            </button>
          )}
        </div>
      </div>
      <div className="classroom-top">
        <div className="wasted" aria-live="polite">
          <div className="wasted-number" data-testid="wasted-share" data-value={groups ? summary.wastedShare : ''}>
            {groups ? pct(summary.wastedShare) : '—'}
          </div>
          <div className="wasted-label">
            of groups give <b>no gradient</b>
            {groups && (
              <span className="wasted-split">
                {' '}
                ({pct(summary.allCorrectShare)} all correct, {pct(summary.allWrongShare)} all wrong
                {summary.otherEqualShare > 0 && `, ${pct(summary.otherEqualShare)} mixed answers with equal rewards`})
              </span>
            )}
          </div>
          {groups && !hideRlr && (
            <div className="wasted-compare" data-testid="wasted-compare">
              verifier only: {pct(plain.wastedShare)} · with RLR: {pct(withRlr.wastedShare)}
            </div>
          )}
        </div>
        <div className="sliders">
          {SLIDERS.filter((s) => !hidden.includes(s.key)).map((s) => (
            <Slider key={s.key} s={s} value={settings[s.key]} onChange={(v) => patch({ [s.key]: v })} />
          ))}
        </div>
      </div>
      <p className="explainer">
        Each row is one problem and its G sampled answers (✓ correct, ✗ wrong). GRPO scores each answer against its own group: advantage = (reward − group mean) / group std (Eq. 1). When
        every answer in a group gets the same reward — all right or all wrong — every advantage is 0 and the group teaches the policy nothing.
        {settings.rlr && ' With RLR, correct answers in mostly-correct groups also get a bonus for being shorter than the group’s correct average (Eq. 6-7), so all-correct groups learn again.'}
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {!client && <p className="placeholder">Waiting for the lab to start…</p>}
      {groups && (
        <>
          <div className="group-legend" aria-hidden="true">
            <span>problem</span>
            <span>answers</span>
            <span>rewards · advantages</span>
            <span />
          </div>
          <ol className={`groups${loading ? ' stale' : ''}`} data-testid="classroom-groups">
            {groups.map((g, i) => (
              <GroupRow key={`${g.problemId}-${i}`} group={g} row={summary.rows[i]} index={i} advScale={advScale} rewardScale={rewardScale} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
