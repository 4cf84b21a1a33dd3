import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../core/grpo/metrics';
import { runById, useRuns, type RunData } from '../run/runs-store';
import { useHidden, useView } from '../view-store';
import { MAX_SMOOTHING } from '../url-state';
import { ChartFrame, useChartTabIndex } from './ChartFrame';
import { MetricChart, STAGGER_MS, THROTTLE_MS, fmt, type Series } from './MetricChart';
import { NON_NEGATIVE, SHARE } from './domain';
import { stageMarks } from './stage-marks';
import { useWidth } from './use-width';
import { CATEGORY, CHART, runColors } from '../palette';
import { useThrottled } from './use-throttled';
import { downsampleRows } from './downsample';
import { groupPointSeries, seedGroups } from './seed-groups';
import { keptMarks as keptMarksOf } from './kept-marks';
import { suitePoints, validationPoints } from '../../core/training/validation';
import type { EvalPoint } from '../../core/training/driver';

/** The runs on show, in the order they were picked, with their colour (from the run id: see runColors). */
export function useShownRuns(): { run: RunData; color: string }[] {
  const ids = useView((s) => s.view.runs);
  const runs = useRuns((s) => s.runs);
  const colors = runColors(ids);
  return ids.flatMap((id) => runById(runs, id) ?? []).map((run) => ({ run, color: colors.get(run.summary.runId)! }));
}

/** A number of the step's update: a gap where the step skipped it (nothing carried a gradient), not a 0. */
const ofUpdate = (pick: (m: StepMetrics) => number) => (m: StepMetrics) => (m.skippedUpdate ? null : pick(m));

/** A line per run, or with `bySeed` a line per seed group: the mean over runs that differ only by seed, with a min–max band. */
function runSeries(shown: { run: RunData; color: string }[], pointsOf: (run: RunData) => Series['points'], bySeed: boolean, nameSuffix?: (run: RunData) => string): Series[] {
  const named = (s: Series, run: RunData) => (nameSuffix ? { ...s, name: `${s.name} · ${nameSuffix(run)}` } : s);
  if (bySeed) return seedGroups(shown).map((g) => named(groupPointSeries(g, pointsOf), g.members[0].run));
  return shown.map(({ run, color }) => named({ id: run.summary.runId, name: run.summary.label || run.summary.runId, color, points: pointsOf(run) }, run));
}

/** A per-step metric of the runs on show (see runSeries). */
function metricSeries(shown: { run: RunData; color: string }[], pick: (m: StepMetrics) => number | null, bySeed = false): Series[] {
  return runSeries(shown, (run) => run.metrics.map((m) => ({ x: m.step, y: pick(m) })), bySeed);
}

const ZERO_ADV = [
  { key: 'effectiveShare', name: 'effective (some reward spread)', color: CATEGORY.effective },
  { key: 'allCorrectShare', name: 'all correct', color: CATEGORY.correct },
  { key: 'allWrongShare', name: 'all wrong', color: CATEGORY.wrong },
  { key: 'otherEqualShare', name: 'other all-equal (shaped rewards)', color: CATEGORY.otherEqual },
] as const;

/** Figure 2's split per step for one run: stacked shares of groups that do / do not give a gradient. */
function ZeroAdvantageChart({ run: live, slot }: { run: RunData | null; slot: number }) {
  const run = useThrottled(live, THROTTLE_MS + slot * STAGGER_MS);
  const rows = useMemo(() => (run?.metrics ?? []).map((m) => ({ x: m.step, effectiveShare: m.effectiveShare, allCorrectShare: m.allCorrectShare, allWrongShare: m.allWrongShare, otherEqualShare: m.otherEqualShare })), [run]);
  const table = useMemo(() => (rows.length ? { columns: ['step', ...ZERO_ADV.map((z) => z.name)], rows: rows.map((r) => [r.x, ...ZERO_ADV.map((z) => r[z.key])]) } : null), [rows]);
  const title = 'Zero-advantage share of groups';
  return (
    <ChartFrame
      id="zero-advantage"
      title={title}
      description={
        <>
          Each step's groups of G samples, stacked: <b>effective</b> groups have some reward spread and give a gradient; <b>all correct</b> and <b>all wrong</b> groups have zero advantage
          everywhere and are wasted (Section 4.1, Figure 2). {run ? `Run: ${run.summary.label}.` : ''}
        </>
      }
      table={table}
      totalRows={live?.metrics.length ?? 0}
      current={run === live}
      legend={ZERO_ADV.map((z) => ({ name: z.name, color: z.color }))}
      empty={rows.length ? null : 'No steps yet.'}
    >
      <StackPlot rows={rows} title={title} />
    </ChartFrame>
  );
}

type ShareRow = { x: number; effectiveShare: number; allCorrectShare: number; allWrongShare: number; otherEqualShare: number };

const StackPlot = memo(function StackPlot({ rows: all, title }: { rows: ShareRow[]; title: string }) {
  const rows = useMemo(() => downsampleRows(all, ZERO_ADV.map((z) => z.key)), [all]);
  const [box, width] = useWidth<HTMLDivElement>();
  const tabIndex = useChartTabIndex();
  return (
    <div ref={box} className="plot-box" style={{ height: 210 }}>
      {width > 0 && (
        <AreaChart tabIndex={tabIndex} width={width} height={210} data={rows} margin={{ top: 6, right: 14, bottom: 18, left: 6 }} title={title}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} interval={0} tick={{ fontSize: 12 }} label={{ value: 'step', position: 'insideBottom', offset: -10, fontSize: 12 }} />
          <YAxis domain={[0, 1]} interval={0} tick={{ fontSize: 12 }} width={66} tickFormatter={(v: number) => fmt(v, true)} label={{ value: 'share of groups', angle: -90, position: 'insideLeft', offset: 0, fontSize: 12, style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt(v, true) : String(v))} labelFormatter={(l) => `step ${l}`} />
          {ZERO_ADV.map((z) => (
            <Area key={z.key} type="stepAfter" dataKey={z.key} name={z.name} stackId="groups" stroke={z.color} fill={z.color} fillOpacity={0.55} isAnimationActive={false} />
          ))}
        </AreaChart>
      )}
    </div>
  );
});

/** Reward, accuracy, length (with its caps), zero-advantage split, samples used, truncation, KL, clip fraction, loss, gradient norm, entropy and step times of the runs on show, with stage boundaries. */
export function TrainingCharts() {
  const shown = useShownRuns();
  const smoothing = useView((s) => s.view.smooth);
  const patchView = useView((s) => s.patchView);
  const hideSmooth = useHidden('smooth');
  const activeId = useRuns((s) => s.active?.runId ?? null);
  const focus = shown.find((s) => s.run.summary.runId === activeId)?.run ?? shown.at(-1)?.run ?? null;
  // Seeds of one config as one line (mean, min–max band) unless the reader asks to see them apart.
  const seedsApart = useView((s) => s.view.seedsApart);
  const groups = seedGroups(shown);
  const hasGroups = groups.some((g) => g.members.length > 1);
  const bySeed = hasGroups && !seedsApart;
  const empty = shown.length === 0 ? 'Start a run, or tick runs in the list, to see their curves.' : undefined;
  const usedSeries: Series[] = shown.flatMap(({ run, color }) => [
    { id: `${run.summary.runId}:pos`, name: `${run.summary.label} · positive`, color, points: run.metrics.map((m) => ({ x: m.step, y: m.positiveUsed })) },
    { id: `${run.summary.runId}:neg`, name: `${run.summary.label} · negative`, color, dashed: true, points: run.metrics.map((m) => ({ x: m.step, y: m.negativeUsed })) },
  ]);
  const timeSeries: Series[] = shown.flatMap(({ run, color }) => [
    { id: `${run.summary.runId}:sampling`, name: `${run.summary.label} · sampling`, color, points: run.metrics.map((m) => ({ x: m.step, y: m.secondsSampling })) },
    { id: `${run.summary.runId}:update`, name: `${run.summary.label} · update`, color, dashed: true, points: run.metrics.map((m) => ({ x: m.step, y: m.secondsUpdating })) },
  ]);
  const { boundaries, caps } = stageMarks(shown.map(({ run }) => run.summary.config.stages));
  // Runs of one seed group share their config, so their evaluation suite too.
  const evaluated = shown.filter(({ run }) => suitePoints(run.evals).length > 0);
  const evalSeries = runSeries(evaluated, (run) => suitePoints(run.evals).map((p) => ({ x: p.step, y: p.pass1 })), bySeed, (run) => suitePoints(run.evals)[0].suite);
  const validated = shown.filter(({ run }) => validationPoints(run.evals).length > 0);
  const validationSeries = (pick: (p: EvalPoint) => number): Series[] => runSeries(validated, (run) => validationPoints(run.evals).map((p) => ({ x: p.step, y: pick(p) })), bySeed);
  // The step each finished run kept (validation.keep), marked on both validation charts.
  const keptMarks = keptMarksOf(validated.flatMap(({ run }) => (run.summary.outcome ? [{ label: run.summary.label || run.summary.runId, keptStep: run.summary.outcome.keptStep }] : [])));

  return (
    // data-runs-loaded: the runs on show whose metrics have arrived (the headless capture waits for all of them).
    <section className="card training-charts" aria-labelledby="training-charts-title" data-testid="training-charts" data-runs-loaded={shown.filter((s) => s.run.loaded).length}>
      <div className="card-head">
        <h2 id="training-charts-title">Training</h2>
        {!hideSmooth && (
          <label className="inline-control">
            Smoothing <span className="value">{smoothing.toFixed(2)}</span>
            <input type="range" min={0} max={MAX_SMOOTHING} step={0.01} value={smoothing} onChange={(e) => patchView({ smooth: Number(e.target.value) })} aria-label="Smoothing of the training curves" />
          </label>
        )}
      </div>
      {hasGroups && (
        <p className="facts seed-groups" data-testid="seed-groups">
          {bySeed
            ? `Runs that differ only by seed are drawn as one line, their mean, with a band from the lowest to the highest seed (${groups.filter((g) => g.members.length > 1).map((g) => `${g.members.length} seeds of ${g.members[0].run.summary.label || g.members[0].run.summary.runId}`).join('; ')}).`
            : 'Each seed is drawn as its own line.'}{' '}
          <label className="inline-control">
            <input type="checkbox" checked={seedsApart} onChange={(e) => patchView({ seedsApart: e.target.checked })} data-testid="seeds-apart" /> Show seeds apart
          </label>
        </p>
      )}
      <div className="chart-grid">
        <MetricChart slot={0} id="reward" title="Reward" yLabel="mean reward" series={metricSeries(shown, (m) => m.reward, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Mean reward of the online samples per step: the verifier's 1 / 0 (Eq. 5), plus the relative length reward when RLR is on (Eq. 7)." />
        <MetricChart slot={1} id="accuracy" title="Accuracy on training prompts" yLabel="share correct" percent yDomain={[0, 1]} series={metricSeries(shown, (m) => m.accuracy, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Share of the step's online samples the verifier accepts: how well the policy fits the training distribution." />
        <MetricChart slot={2} id="length" title="Mean completion length" yLabel="tokens" bounds={NON_NEGATIVE} series={metricSeries(shown, (m) => m.meanLength, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries} yMarks={caps}
          description="Tokens per completion; the dashed grey segments are each stage's length cap (maxCompletionLength). RLR should shorten it at equal accuracy (Table 3); positive-only GRPO tends to shorten and negative-only to lengthen answers (length bias, Appendix C.1)." />
        <ZeroAdvantageChart run={focus} slot={3} />
        <MetricChart slot={4} id="samples-used" title="Positive and negative samples used" yLabel="samples per step" bounds={NON_NEGATIVE} series={usedSeries} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Samples that carried a gradient: advantage > 0 (solid) and < 0 (dashed), after the sample filter (Figure 6). A Pos run uses no negative samples and vice versa." />
        <MetricChart slot={5} id="truncated" title="Truncated completions" yLabel="share of samples" percent bounds={SHARE} series={metricSeries(shown, (m) => m.truncatedShare, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Share of the step's samples cut at the stage's length cap before they ended. A high share means the cap, not the policy, decides the lengths (compare the caps on the length chart)." />
        <MetricChart slot={6} id="kl" title="KL to the reference policy" yLabel="k3 KL per token" bounds={NON_NEGATIVE} series={metricSeries(shown, (m) => m.kl, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Mean k3 estimate of KL(π_θ ‖ π_ref) per token. It is measured only when β > 0 (a reference policy is kept); otherwise it reads 0." />
        <MetricChart slot={7} id="clip" title="Clip fraction" yLabel="share of tokens" percent bounds={SHARE} series={metricSeries(shown, (m) => m.clipFraction, bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Share of tokens whose ratio left [1 − ε, 1 + ε_high] on the side where the clip switches the gradient off (Eq. 2). With one update per batch (μ = 1, miniBatches = 1) the ratio is 1 and nothing is clipped; with two mini-batches the second is scored after the first step, so the clip can act." />
        <MetricChart slot={8} id="loss" title="Policy loss" yLabel="loss" series={metricSeries(shown, ofUpdate((m) => m.loss), bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="The loss the step's update minimised: the clipped surrogate (Eq. 2) aggregated over tokens as lossType says, plus β·KL. Advantages are centred per group, so its level says little and it does not fall like a supervised loss: read reward and accuracy for progress. Steps that skipped the update are gaps." />
        <MetricChart slot={9} id="grad-norm" title="Gradient norm" yLabel="L2 norm" bounds={NON_NEGATIVE} series={metricSeries(shown, ofUpdate((m) => m.gradNorm), bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="L2 norm of the step's policy gradient before it is clipped to maxGradNorm. Spikes are steps whose advantages weigh heavily on many tokens. Steps that skipped the update are gaps." />
        <MetricChart slot={10} id="entropy" title="Token entropy" yLabel="nats per token" bounds={NON_NEGATIVE} series={metricSeries(shown, ofUpdate((m) => m.entropy), bySeed)} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Mean entropy of the policy's next-token distribution (at the sampling temperature) over the tokens the update used. Falling entropy: the policy grows sure of its answers and explores less. Steps that skipped the update are gaps." />
        <MetricChart slot={11} id="step-time" title="Seconds per step" yLabel="seconds" bounds={NON_NEGATIVE} series={timeSeries} smoothing={smoothing} empty={empty} xMarks={boundaries}
          description="Wall-clock time of each step's sampling (solid) and update (dashed) in the worker; the verifier's scoring takes milliseconds and is left out. Sampling grows with the length cap and G, the update with the tokens used." />
        {evalSeries.length > 0 && (
          <MetricChart slot={12} id="eval-during-training" title="Pass@1 during training" yLabel="Pass@1" percent yDomain={[0, 1]} series={evalSeries} xMarks={boundaries}
            description="Pass@1 on the evaluation suite every N steps (evaluation.every), as Figure 3 plots it for injection vs continued training." />
        )}
        {validated.length > 0 && (
          <MetricChart slot={13} id="validation-pass1" title="Validation Pass@1" yLabel="Pass@1" percent yDomain={[0, 1]} series={validationSeries((p) => p.pass1)} xMarks={[...boundaries, ...keptMarks]}
            description="Pass@1 on the validation split (held-out problems of the training distribution) every validation.every steps: what decides when the run stops (it has plateaued) and which checkpoint it keeps (Appendix B.3). A finished run's kept step is marked." />
        )}
        {validated.length > 0 && (
          <MetricChart slot={14} id="validation-length" title="Validation mean length" yLabel="tokens" bounds={NON_NEGATIVE} series={validationSeries((p) => p.meanLength)} xMarks={[...boundaries, ...keptMarks]}
            description="Mean completion length on the validation split at each validation: validation.keep = shortest-within-1pt keeps the shortest checkpoint within 1 point of the best validation Pass@1 (Appendix B.4, for RLR). A finished run's kept step is marked." />
        )}
      </div>
    </section>
  );
}
