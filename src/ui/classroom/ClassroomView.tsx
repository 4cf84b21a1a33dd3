import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClassroomArgs, ClassroomGroup } from '../../../workers/api';
import { RlrSchema } from '../../core/config';
import { messageOf } from '../../core/errors';
import { MAX_SEED } from '../../core/rng';
import { useLabClient } from '../lab-access';
import { useHidden, useView } from '../view-store';
import { answerShown, classroomSummary, completionLine, walkText, type ClassroomRow } from './classroom-math';
import { LatestRequest } from './latest-request';
import { LessonLink } from './LessonLink';
import { SLIDERS, type SliderSpec } from './sliders';
import './classroom.css';

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** An advantage or reward as a short label: +0.9, −0.9, 0, 1.5. */
const short = (v: number) => (Math.abs(v) < 0.05 ? '0' : `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(1).replace(/\.0$/, '')}`);
const signedShort = (v: number) => (short(v) === '0' ? '0' : `${v > 0 ? '+' : ''}${short(v)}`);
/** The problem as the class reads it: `2-3-7+2`, without the prompt's `Q:` and `=?`. */
const problemText = (prompt: string) => prompt.replace(/^Q:/, '').replace(/=\?\s*$/, '').trim();
/** Value labels above each bar fit while a sample's column is wide enough. */
const MAX_G_WITH_VALUES = 10;

interface Scales {
  reward: number;
  advantage: number;
}

/**
 * One sample per grid column: its ✓/✗ cell (with the answer it gave), its reward bar and its
 * advantage bar stacked in the same column, so a bar always sits under its own answer.
 */
function GroupCard({ group, row, index, scales }: { group: ClassroomGroup; row: ClassroomRow; index: number; scales: Scales }) {
  const [picked, setPicked] = useState(0);
  const [open, setOpen] = useState(false);
  const G = group.samples.length;
  const sample = group.samples[Math.min(picked, G - 1)];
  const correct = group.samples.filter((s) => s.correct).length;
  const values = G <= MAX_G_WITH_VALUES;
  const cells = useRef<(HTMLButtonElement | null)[]>([]);
  const show = (i: number) => {
    setPicked(i);
    setOpen(true);
  };
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? G - 1 : null;
    if (to === null || to < 0 || to >= G) return;
    e.preventDefault();
    cells.current[to]?.focus();
  };
  return (
    <li className={`group-card${row.noGradient ? ' no-gradient' : ''}`} data-testid="classroom-group" data-no-gradient={row.noGradient} data-kind={row.kind}>
      <div className="group-head">
        <span className="group-index">{index + 1}</span>
        <code className="group-prompt" title={group.prompt.trim()}>
          {problemText(group.prompt)} = {group.answer}
        </code>
        {row.noGradient ? (
          <span className="no-gradient-label" data-testid="no-gradient">
            no gradient · {row.kind.replace('-', ' ')}
          </span>
        ) : (
          <span className="gradient-label">
            learns · {correct} of {G} right
          </span>
        )}
      </div>
      <div className="group-samples" style={{ '--g': G } as React.CSSProperties} role="group" aria-label={`${correct} of ${G} answers right`}>
        <span className="axis axis-answer" aria-hidden="true">
          answer
        </span>
        {group.samples.map((s, i) => (
          <button
            key={i}
            type="button"
            ref={(el) => {
              cells.current[i] = el;
            }}
            className={`cell ${s.correct ? 'correct' : 'wrong'}${open && i === picked ? ' picked' : ''}`}
            style={{ gridColumn: i + 2 }}
            data-testid="classroom-cell"
            tabIndex={i === picked ? 0 : -1}
            title={`answer ${i + 1}: ${s.correct ? 'right' : 'wrong'}, ${s.length} tokens: ${s.text}`}
            aria-label={`answer ${i + 1}: ${s.correct ? 'right' : 'wrong'}, says ${answerShown(s.text)}, reward ${row.rewards[i].toFixed(2)}, advantage ${row.advantages[i].toFixed(2)}`}
            onMouseEnter={() => show(i)}
            onFocus={() => show(i)}
            onClick={() => show(i)}
            onKeyDown={(e) => onKey(e, i)}
          >
            <span className="mark">{s.correct ? '✓' : '✗'}</span>
            <span className="said">{answerShown(s.text)}</span>
          </button>
        ))}
        <span className="axis axis-reward" aria-hidden="true">
          reward <small>0–{short(scales.reward)}</small>
        </span>
        {row.rewards.map((v, i) => (
          <span key={i} className="slot reward-slot" style={{ gridColumn: i + 2 }} data-testid="reward-bar" data-value={v} title={`answer ${i + 1}: reward ${v.toFixed(3)}`}>
            {v !== 0 && <span className="bar reward" style={{ height: `${Math.max(8, Math.min(1, v / scales.reward) * 100)}%` }} />}
            {values && <span className="bar-value">{short(v)}</span>}
          </span>
        ))}
        <span className="axis axis-advantage" aria-hidden="true">
          advantage <small>{scales.advantage > 1e-6 ? `±${short(scales.advantage)}` : ''}</small>
        </span>
        {row.advantages.map((v, i) => (
          <span
            key={i}
            className={`slot advantage-slot${v > 0 ? ' up' : v < 0 ? ' down' : ''}`}
            style={{ gridColumn: i + 2 }}
            data-testid="advantage-bar"
            data-value={v}
            title={`answer ${i + 1}: advantage ${v.toFixed(3)}`}
          >
            {v !== 0 && <span className={`bar ${v > 0 ? 'pos' : 'neg'}`} style={{ height: `${Math.max(6, Math.min(1, Math.abs(v) / scales.advantage) * 50)}%` }} />}
            {values && <span className="bar-value">{signedShort(v)}</span>}
          </span>
        ))}
      </div>
      <p className={`group-wrote${open ? ' open' : ''}`} data-testid="classroom-wrote" tabIndex={0} onFocus={() => setOpen(true)} onBlur={() => setOpen(false)} onMouseLeave={() => setOpen(false)} title={sample.text}>
        <span className="wrote-who">answer {Math.min(picked, G - 1) + 1} wrote:</span> <code>{open ? sample.text : completionLine(sample.text)}</code>
      </p>
    </li>
  );
}

function Slider({ s, value, onChange }: { s: SliderSpec; value: number; onChange: (v: number) => void }) {
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

/** The settings a batch was sampled with, as the groups list reports them (data-sampled). */
const sampledKey = (a: ClassroomArgs) => `G=${a.numGenerations} difficulty=${a.ops} T=${a.temperature} problems=${a.numProblems} cseed=${a.seed}`;

/**
 * The zero-advantage classroom (Section 4.1): G samples for each of a few problems, their rewards
 * and advantages as GRPO computes them, and the groups where every reward is equal dimmed as
 * "no gradient". Sliders re-sample live; while the worker samples, the old groups stay on screen
 * (dimmed) and a newer slider value replaces a waiting one. RLR shows correct-only groups
 * getting a signal again.
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
  const [shown, setShown] = useState<{ groups: ClassroomGroup[]; key: string } | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const requests = useRef<LatestRequest<ClassroomArgs, ClassroomGroup[]> | null>(null);

  useEffect(() => {
    if (!client) return;
    const q = new LatestRequest<ClassroomArgs, ClassroomGroup[]>(
      (args) => client.classroom(args),
      (d) => {
        if (d.ok) {
          setShown({ groups: d.value, key: sampledKey(d.args) });
          setFailed(null);
        } else setFailed({ key: sampledKey(d.args), message: messageOf(d.error) });
      },
    );
    requests.current = q;
    return () => {
      q.close();
      requests.current = null;
    };
  }, [client]);

  const { G, difficulty, T, problems, seed } = settings;
  const args = useMemo<ClassroomArgs>(() => ({ numGenerations: G, numProblems: problems, ops: difficulty, temperature: T, seed }), [G, problems, difficulty, T, seed]);
  const wanted = sampledKey(args);
  // Sampling until the groups on screen are those of the sliders (or asking for them failed): known in the same render as the slider's move.
  const sampling = !!client && shown?.key !== wanted && failed?.key !== wanted;
  const error = failed?.key === wanted ? failed.message : null;
  useEffect(() => {
    if (!client) return;
    // A short pause, so dragging a slider asks for the value it stops at, not every value it passes.
    const timer = setTimeout(() => requests.current?.request(args), 200);
    return () => clearTimeout(timer);
  }, [client, args]);

  // RLR's knobs come from the Experiment form (rlr.alpha …), defaults when the form holds an invalid value.
  const rlrOptions = useMemo(() => {
    const r = RlrSchema.safeParse({ enabled: true, alpha: Number(rlrDraft['rlr.alpha']), lambda: Number(rlrDraft['rlr.lambda']), epsUp: Number(rlrDraft['rlr.epsUp']), epsLow: Number(rlrDraft['rlr.epsLow']) });
    return r.success ? r.data : RlrSchema.parse({ enabled: true });
  }, [rlrDraft]);
  const groups = shown?.groups ?? null;
  const plain = useMemo(() => classroomSummary(groups?.map((g) => g.samples) ?? [], { rlr: null, scaleRewards: true }), [groups]);
  const withRlr = useMemo(() => classroomSummary(groups?.map((g) => g.samples) ?? [], { rlr: rlrOptions, scaleRewards: true }), [groups, rlrOptions]);
  const summary = settings.rlr ? withRlr : plain;
  const scales: Scales = {
    advantage: Math.max(1e-9, ...summary.rows.flatMap((r) => r.advantages.map(Math.abs))),
    reward: Math.max(1, ...summary.rows.flatMap((r) => r.rewards.map(Math.abs))),
  };
  const first = groups?.[0];

  return (
    <section className={`card classroom${settings.projector ? ' projector' : ''}`} aria-labelledby="classroom-title" data-testid="classroom" aria-busy={sampling}>
      <div className="card-head">
        <h2 id="classroom-title">Zero advantage, in class</h2>
        {client && (
          <p className={`sampling-status${sampling ? '' : ' idle'}`} role="status" data-testid="classroom-sampling">
            {sampling ? `Sampling ${problems} group${problems === 1 ? '' : 's'} of ${G} answer${G === 1 ? '' : 's'}…${groups ? ' (the groups below are the previous ones)' : ''}` : ''}
          </p>
        )}
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
            <button type="button" className="small" onClick={() => patch({ seed: (seed + 1) % (MAX_SEED + 1) })} disabled={!client} data-testid="classroom-new-problems">
              New problems
            </button>
          )}
        </div>
      </div>
      {!settings.projector && <LessonLink />}
      <div className="classroom-top">
        <div className={`wasted${sampling && groups ? ' stale' : ''}`} aria-live="polite">
          <div className="wasted-number" data-testid="wasted-share" data-value={groups ? summary.wastedShare : ''}>
            {groups ? pct(summary.wastedShare) : '—'}
          </div>
          <div className="wasted-label">
            of questions teach the model <b>nothing</b>
            {groups && (
              <span className="wasted-split">
                {pct(summary.allCorrectShare)} all right, {pct(summary.allWrongShare)} all wrong
                {summary.otherEqualShare > 0 && `, ${pct(summary.otherEqualShare)} mixed answers with equal rewards`}
              </span>
            )}
            {groups && !hideRlr && (
              <span className="wasted-compare" data-testid="wasted-compare">
                verifier only: {pct(plain.wastedShare)} · with RLR: {pct(withRlr.wastedShare)}
              </span>
            )}
          </div>
        </div>
        <div className="sliders">
          {SLIDERS.filter((s) => !hidden.includes(s.key)).map((s) => (
            <Slider key={s.key} s={s} value={settings[s.key]} onChange={(v) => patch({ [s.key]: v })} />
          ))}
        </div>
      </div>
      <div className="classroom-text">
        <p className="plain" data-testid="classroom-plain">
          Each box is one question answered G = {G} times (a group): ✓ right (reward 1), ✗ wrong (reward 0). An answer&rsquo;s <b>advantage</b> is its reward minus the group&rsquo;s mean
          reward, divided by the group&rsquo;s spread: above 0 the model is pushed towards that answer, below 0 away from it. When every answer gets the same reward, every advantage is 0 and the
          model learns nothing from that question.
          {settings.rlr && ' With RLR, right answers in mostly-right groups also score more for being shorter than the group’s average right answer, so an all-right group can teach again.'}
        </p>
        <p className="technical">
          In the paper: Â<sub>i</sub> = (r<sub>i</sub> − mean(r)) / std(r) over the group (Eq. 1); a group of equal rewards has zero advantage and adds nothing to the policy gradient
          (Section 4.1{settings.rlr ? '; RLR is Eq. 6–7' : ''}).
        </p>
        <p className="notation" data-testid="classroom-notation">
          <b>Reading a problem:</b> left to right, one step at a time (<code>*</code> is ×, not done first), keeping only the last digit (mod 10: 20 → 0, −6 → 4).
          {first && (
            <>
              {' '}
              Question 1: <code data-testid="classroom-walk">{walkText(first.start, first.steps)}</code>
            </>
          )}
        </p>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {!client && <p className="placeholder">Waiting for the lab to start…</p>}
      {groups && (
        <ol className={`groups${sampling ? ' stale' : ''}`} data-testid="classroom-groups" data-sampled={shown?.key ?? ''} data-stale={sampling}>
          {groups.map((g, i) => (
            <GroupCard key={`${g.problemId}-${i}-${g.samples.length}`} group={g} row={summary.rows[i]} index={i} scales={scales} />
          ))}
        </ol>
      )}
    </section>
  );
}
