import { useEffect, useMemo, useState } from 'react';
import { stageAt } from '../../core/config';
import type { SampleRecord, StepSamples } from '../../core/grpo/metrics';
import { SUITES } from '../../core/tasks/suites';
import type { Sample } from '../../../workers/api';
import { useLabClient } from '../lab-access';
import { runById, runList, useRuns } from '../run/runs-store';
import { useView } from '../view-store';
import { tokenLossBreakdown, tokenViews, type TokenView } from './token-terms';
import { messageOf } from '../../core/errors';
import { PALETTE, withAlpha } from '../palette';
import './inspector.css';

const fx = (x: number, d = 3) => (Number.isFinite(x) ? (Math.abs(x) > 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(d)) : '—');

/** Green for a token the step reinforces, red for one it suppresses; strength by |A·w·r| against the largest in the sample. */
function tokenColor(t: TokenView, scale: number): string | undefined {
  if (t.contribution === null || t.contribution === 0 || scale === 0) return undefined;
  const a = Math.min(1, Math.abs(t.contribution) / scale);
  return withAlpha(t.contribution > 0 ? PALETTE.good : PALETTE.bad, 0.12 + 0.6 * a);
}

function TokenStrip({ sample, clip, selected, onSelect }: { sample: SampleRecord; clip: { epsilon: number; epsilonHigh: number }; selected: number | null; onSelect: (t: number) => void }) {
  const views = tokenViews(sample, clip);
  const scale = Math.max(0, ...views.map((v) => Math.abs(v.contribution ?? 0)));
  return (
    <div className={`token-strip${sample.kept ? '' : ' not-kept'}`} role="group" aria-label="Tokens of the completion, coloured by their signed contribution to the update" data-testid="token-strip">
      {views.map((t, i) => (
        <button
          key={i}
          type="button"
          className={`tok${t.special ? ' special' : ''}${t.clipped ? ' clipped' : ''}${t.contribution === null ? ' masked' : ''}${selected === i ? ' selected' : ''}${t.text === '\n' ? ' newline' : ''}`}
          style={{ background: tokenColor(t, scale) }}
          onClick={() => onSelect(i)}
          aria-pressed={selected === i}
          aria-label={`token ${i + 1} ${JSON.stringify(t.text)}, contribution ${t.contribution === null ? 'none (not used)' : fx(t.contribution, 5)}${t.clipped ? ', clipped' : ''}`}
          title={`ratio ${fx(t.ratio, 4)} · A·w·r ${t.contribution === null ? '—' : fx(t.contribution, 6)}${t.clipped ? ' · clipped' : ''}`}
          data-testid="token"
        >
          {t.text === '\n' ? '⏎' : t.text === ' ' ? '\u00a0' : t.text}
        </button>
      ))}
    </div>
  );
}

function LossBreakdown({ step, g, i, token, clip, maxLen, actual }: { step: StepSamples; g: number; i: number; token: number; clip: { epsilon: number; epsilonHigh: number }; maxLen: number; actual: string }) {
  const b = tokenLossBreakdown(step, g, i, token, clip, maxLen);
  return (
    <div className="loss-breakdown" data-testid="loss-breakdown">
      <p className="facts">
        Token {token + 1}: advantage A = <b>{fx(b.advantage)}</b>, ratio r = π_θ/π_old = <b>{fx(b.ratio, 4)}</b> (log r = {fx(b.logRatio, 4)}), clip range [{fx(b.clipLow, 2)},{' '}
        {fx(b.clipHigh, 2)}]{b.clipped ? ' — clipped: the clip switches this token’s gradient off' : ''}.
        {!b.kept && ' This sample was not kept by the sample filter: it is in no normaliser and gets no gradient.'}
        {b.offPolicy && ' An injected (off-policy) sample: the trainer scores it with LUFFY’s shaped loss when LUFFY is on, so the surrogate below is only what plain GRPO would do.'}
        {' '}N = {b.sequences} samples used, |o| = {b.length} tokens, Σ|o| = {b.totalTokens}, L = {b.maxCompletionLength}.
      </p>
      <table className="mini-table">
        <caption>The same token’s loss term under the three aggregations (this run used {actual})</caption>
        <thead>
          <tr>
            <th scope="col">loss type</th>
            <th scope="col">normaliser w</th>
            <th scope="col">w</th>
            <th scope="col">ℓ = −min(r·A, clip(r)·A)</th>
            <th scope="col">w·ℓ</th>
            <th scope="col">∂(w·ℓ)/∂log π</th>
          </tr>
        </thead>
        <tbody>
          {b.rows.map((r) => (
            <tr key={r.lossType} className={r.lossType === actual ? 'current' : undefined}>
              <th scope="row">{r.lossType}</th>
              <td className="mono">{r.normaliser}</td>
              <td className="num">{fx(r.weight, 6)}</td>
              <td className="num">{fx(r.perToken, 4)}</td>
              <td className="num">{fx(r.term, 6)}</td>
              <td className="num">{fx(r.gradient, 6)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrainingStepSamples() {
  const client = useLabClient();
  const runs = useRuns((s) => s.runs);
  const inspect = useView((s) => s.view.inspect);
  const patchInspect = useView((s) => s.patchInspect);
  const [step, setStep] = useState<StepSamples | null>(null);
  const [error, setError] = useState<string | null>(null);
  const candidates = runList(runs).filter((r) => r.summary.step > 0);
  const runId = inspect.run && runById(runs, inspect.run) ? inspect.run : (candidates[0]?.summary.runId ?? null);
  const run = runId ? (runById(runs, runId) ?? null) : null;
  const stepNo = inspect.step ?? run?.summary.step ?? null;
  // Only the live samples of the step on show: a pinned older step is not read again at every training step.
  const fromLive = useRuns((s) => (runId && s.liveSamples[runId]?.step === stepNo ? s.liveSamples[runId] : null));

  useEffect(() => {
    if (!client || !runId || !stepNo) return;
    if (fromLive) {
      setStep(fromLive);
      setError(null);
      return;
    }
    let stale = false;
    client.getSamples(runId, stepNo).then(
      (s) => {
        if (stale) return;
        setStep(s);
        setError(s ? null : `No samples stored for step ${stepNo} of this run.`);
      },
      (e: unknown) => !stale && setError(messageOf(e)),
    );
    return () => {
      stale = true;
    };
  }, [client, runId, stepNo, fromLive]);

  // With no sample picked, show the first one the update learned from (else the first).
  const fallback = useMemo(() => {
    if (!step) return null;
    for (const [gi, grp] of step.groups.entries()) {
      const si = grp.samples.findIndex((x) => x.kept && x.advantage !== 0);
      if (si >= 0) return `${gi}.${si}`;
    }
    return step.groups.length ? '0.0' : null;
  }, [step]);
  const selectedKey = inspect.sample ?? fallback;
  const [g, i] = (selectedKey ?? '').split('.').map(Number);
  const metrics = run?.metrics.find((m) => m.step === stepNo) ?? null;
  const sample = step && Number.isInteger(g) && Number.isInteger(i) ? step.groups[g]?.samples[i] : undefined;
  const config = run?.summary.config;
  const clip = { epsilon: config?.epsilon ?? 0.2, epsilonHigh: config?.epsilonHigh ?? 0.2 };
  const maxLen = useMemo(() => (config && step ? stageAt(config, step.step - 1).stage.maxCompletionLength : 160), [config, step]);

  if (candidates.length === 0) return <p className="placeholder">No training steps yet: start a run, then inspect what each step reinforced and suppressed.</p>;
  return (
    <div className="inspector-body">
      <div className="inspector-controls">
        <label>
          Run
          <select value={runId ?? ''} onChange={(e) => patchInspect({ run: e.target.value, step: runs[e.target.value]?.summary.step ?? null, sample: null, token: null })} data-testid="inspect-run">
            {candidates.map((r) => (
              <option key={r.summary.runId} value={r.summary.runId}>
                {r.summary.label || r.summary.runId}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Step <b>{stepNo}</b> of {run?.summary.step}
          </span>
          <input type="range" min={1} max={Math.max(1, run?.summary.step ?? 1)} value={stepNo ?? 1} onChange={(e) => patchInspect({ step: Number(e.target.value), sample: null, token: null })} aria-label="Step" data-testid="inspect-step" />
        </label>
        {config && (
          <p className="facts" data-testid="inspect-facts">
            {config.lossType} · ε {config.epsilon} / ε_high {config.epsilonHigh} · μ {config.numIterations} · G {config.numGenerations}
            {step ? ` · stage max length ${maxLen}` : ''}
            {metrics &&
              ` · accuracy ${(metrics.accuracy * 100).toFixed(0)}% · ${(metrics.effectiveShare * 100).toFixed(0)}% of groups effective · ${metrics.positiveUsed} positive / ${metrics.negativeUsed} negative samples used${metrics.skippedUpdate ? ' · no update' : ''}`}
          </p>
        )}
      </div>
      {error && <p className="inline-error">{error}</p>}
      {step && (
        <div className="inspector-groups" data-testid="inspector-groups">
          {step.groups.map((grp, gi) => (
            <div key={gi} className="inspector-group">
              <div className="group-problem">
                <code>{grp.prompt.trim()}</code> <span className="muted">= {grp.answer}</span>
              </div>
              <table className="samples-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">verdict</th>
                    <th scope="col">length</th>
                    <th scope="col">reward</th>
                    <th scope="col">advantage</th>
                    <th scope="col">update</th>
                    <th scope="col">completion</th>
                  </tr>
                </thead>
                <tbody>
                  {grp.samples.map((s, si) => {
                    const key = `${gi}.${si}`;
                    return (
                      <tr key={si} className={`${selectedKey === key ? 'selected' : ''}${s.kept ? '' : ' not-kept'}`} data-testid="inspector-sample" data-advantage={s.advantage}>
                        <td>
                          <button type="button" className="small ghost" onClick={() => patchInspect({ sample: key, token: null })} aria-pressed={selectedKey === key} aria-label={`Inspect sample ${si + 1} of group ${gi + 1}`}>
                            {si + 1}
                          </button>
                        </td>
                        <td>
                          <span className={`verdict ${s.correct ? 'correct' : 'wrong'}`}>{s.correct ? '✓' : '✗'}</span>
                        </td>
                        <td className="num">{s.length}</td>
                        <td className="num">{fx(s.reward, 2)}</td>
                        <td className={`num ${s.advantage > 0 ? 'up' : s.advantage < 0 ? 'down' : ''}`}>{fx(s.advantage, 3)}</td>
                        <td className="small-text">{s.offPolicy ? 'injected' : s.kept ? (s.advantage === 0 ? 'kept, A = 0' : 'used') : 'filtered out'}</td>
                        <td className="completion-cell">
                          <span className="mono">{s.text}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
      {step && sample && (
        <div className="token-view" data-testid="token-view">
          <h3>
            Sample {i + 1} of group {g + 1}: {sample.correct ? 'correct' : 'wrong'}, A = {fx(sample.advantage)}, {sample.kept ? `token weight ${fx(sample.tokenWeight, 6)}` : 'not used by the update'}
          </h3>
          <p className="facts token-legend">
            <span className="tok-legend pos">reinforced (A·w·r &gt; 0)</span> <span className="tok-legend neg">suppressed (A·w·r &lt; 0)</span> <span className="tok-legend clipped">clipped</span>{' '}
            <span className="tok-legend masked">not used</span>
            {sample.ratios
              ? ''
              : metrics?.skippedUpdate
                ? ' · this step made no update: no kept sample had a non-zero advantage'
                : config && config.numIterations === 1
                  ? ' · ratios are 1: with μ = 1 the update runs at π_old, so nothing is clipped'
                  : ' · no ratios recorded for this sample'}
          </p>
          <TokenStrip sample={sample} clip={clip} selected={inspect.token} onSelect={(t) => patchInspect({ token: t })} />
          {inspect.token !== null && inspect.token < sample.tokens.length && (
            <LossBreakdown step={step} g={g} i={i} token={inspect.token} clip={clip} maxLen={maxLen} actual={config?.lossType ?? 'grpo'} />
          )}
        </div>
      )}
    </div>
  );
}

function EvaluationSamples() {
  const client = useLabClient();
  const [suite, setSuite] = useState('in-30');
  const [temperature, setTemperature] = useState(0.6);
  const [seed, setSeed] = useState(1);
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function draw() {
    if (!client) return;
    setBusy(true);
    try {
      const r = await client.sample({ suite, count: 8, temperature, topP: 0.95, maxNewTokens: 240, seed });
      setSamples(r.samples);
      setError(null);
      setSeed(seed + 1);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="inspector-body">
      <div className="inspector-controls">
        <label>
          Suite
          <select value={suite} onChange={(e) => setSuite(e.target.value)}>
            {SUITES.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Temperature
          <input type="number" min={0} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(Math.max(0, Math.min(2, Number(e.target.value) || 0)))} />
        </label>
        <button type="button" onClick={() => void draw()} disabled={!client || busy}>
          {busy ? 'Sampling…' : 'Sample 8 problems'}
        </button>
      </div>
      {error && <p className="inline-error">{error}</p>}
      {samples && (
        <table className="samples-table" data-testid="eval-samples">
          <thead>
            <tr>
              <th scope="col">problem</th>
              <th scope="col">verdict</th>
              <th scope="col">length</th>
              <th scope="col">completion</th>
            </tr>
          </thead>
          <tbody>
            {samples.map((s, k) => (
              <tr key={k}>
                <td className="mono">{s.prompt.trim()}</td>
                <td>
                  <span className={`verdict ${s.correct ? 'correct' : 'wrong'}`}>{s.correct ? '✓' : '✗'}</span>
                </td>
                <td className="num">
                  {s.length}
                  {s.finished ? '' : ' (cut)'}
                </td>
                <td className="completion-cell mono">{s.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Samples inspector: a step's completions with verdict, length and advantage, and token by token what the update did with them. */
export function SamplesInspector() {
  const [mode, setMode] = useState<'train' | 'eval'>('train');
  return (
    <section className="card inspector" aria-labelledby="inspector-title" data-testid="samples-inspector">
      <div className="card-head">
        <h2 id="inspector-title">Samples inspector</h2>
        <div className="segmented" role="group" aria-label="Samples from">
          <button type="button" className={mode === 'train' ? 'on' : 'ghost'} aria-pressed={mode === 'train'} onClick={() => setMode('train')}>
            A training step
          </button>
          <button type="button" className={mode === 'eval' ? 'on' : 'ghost'} aria-pressed={mode === 'eval'} onClick={() => setMode('eval')}>
            An evaluation suite
          </button>
        </div>
      </div>
      {mode === 'train' ? <TrainingStepSamples /> : <EvaluationSamples />}
    </section>
  );
}
