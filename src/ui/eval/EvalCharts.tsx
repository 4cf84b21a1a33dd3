import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { ACCURACY_BIN_LABELS, MIN_RUNS_FOR_SPREAD, NEEDS_RUNS } from '../../core/eval';
import { ChartFocus, ChartFrame } from '../charts/ChartFrame';
import { CATEGORY, CHART, PALETTE, seriesColor } from '../palette';
import type { Table } from '../charts/table-export';
import { meanBinShares, meanMaxGapAt, ofKind, repeatGroups, type CensusResult, type GreedyResult, type LabelledReport, type MaxGapResult, type Pass1Result, type PerturbationResult, type SweepResult } from './study-results';
import { mean } from '../../core/grpo/numbers';
import { SUITES } from '../../core/tasks/suites';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** Axis ticks: whole percents. */
const pctTick = (x: number) => `${Math.round(x * 100)}%`;
const pp = (x: number) => (x * 100).toFixed(2);
/** A spread or interval bound for a table: empty (not 0) where one run has none. */
const ppOrNone = (x: number | null | undefined) => (x == null ? null : pp(x));
/** The sentence a chart adds when some report was measured over a single run. */
const singleRunNote = (runs: number[]) => (runs.some((n) => n < MIN_RUNS_FOR_SPREAD) ? ` A report of a single run has no interval, spread or uncertain share (${NEEDS_RUNS}): its cells are empty, not 0.` : '');
const MARGIN = { top: 6, right: 14, bottom: 22, left: 6 };
const axisLabel = (value: string) => ({ value, position: 'insideBottom' as const, offset: -12, fontSize: 12 });
const yLabel = (value: string) => ({ value, angle: -90, position: 'insideLeft' as const, offset: 0, fontSize: 12, style: { textAnchor: 'middle' as const } });

const SLANTED_AXIS_HEIGHT = 110;
const SLANTED_LABEL_CHARS = 30;
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Figure 4(a): every run's Pass@1 as a dot, the mean with its bootstrap interval, per suite and policy. */
function VarianceChart({ reports }: { reports: LabelledReport<Pass1Result>[] }) {
  const dots = reports.flatMap((r, i) => r.report.result.runScores.map((s, j) => ({ x: i + 1 + ((j % 9) - 4) * 0.035, y: s, label: r.label, run: j + 1 })));
  const means = reports.map((r, i) => {
    const { pass1, ci } = r.report.result;
    return { x: i + 1, y: pass1, err: ci ? [pass1 - ci[0], ci[1] - pass1] : undefined, label: r.label };
  });
  const table: Table = {
    columns: ['policy · suite', 'runs', 'pass@1 %', 'ci low %', 'ci high %', 'run std %', 'max run gap %', 'run scores %'],
    rows: reports.map((r) => {
      const s = r.report.result;
      return [r.label, s.runs, pp(s.pass1), ppOrNone(s.ci?.[0]), ppOrNone(s.ci?.[1]), ppOrNone(s.runStd), ppOrNone(s.maxRunGap), s.runScores.map(pp).join(' ')];
    }),
  };
  const title = 'Pass@1 per run: the variance plot';
  // Side by side, more than a few policy · suite labels overlap: slant them and cut them short (the CSV has the full names).
  const crowded = reports.length > 4;
  return (
    <ChartFrame
      id="variance"
      title={title}
      wide
      table={reports.length ? table : null}
      empty={reports.length ? null : 'Run a Pass@1 study to see how much single runs disagree.'}
      legend={[
        { name: 'one run', color: CHART.oneRun },
        { name: 'mean with bootstrap CI', color: CATEGORY.effective },
      ]}
      description={
        <>
          Each grey dot is the Pass@1 of one sampled run over the whole suite; the blue mark is the mean over runs with its bootstrap interval. On a 30-problem suite single runs
          spread over many points (Figure 4a): one run is not a score, the mean of many is (Table 5).
          {singleRunNote(reports.map((r) => r.report.result.runs))}
        </>
      }
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={crowded ? 250 + SLANTED_AXIS_HEIGHT : 250}>
        <ScatterChart tabIndex={tabIndex} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0.5, reports.length + 0.5]}
            ticks={reports.map((_, i) => i + 1)}
            tickFormatter={(v: number) => (crowded ? shorten(reports[v - 1]?.label ?? '', SLANTED_LABEL_CHARS) : (reports[v - 1]?.label ?? ''))}
            tick={{ fontSize: 11 }}
            interval={0}
            {...(crowded ? { angle: -35, textAnchor: 'end', height: SLANTED_AXIS_HEIGHT } : { label: axisLabel('policy · suite') })}
          />
          <YAxis type="number" dataKey="y" domain={[0, 1]} tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('Pass@1')} />
          <ZAxis range={[28, 28]} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          <Scatter name="one run" data={dots} fill={CHART.oneRun} fillOpacity={0.6} isAnimationActive={false} />
          <Scatter name="mean" data={means} fill={CATEGORY.effective} shape="diamond" isAnimationActive={false}>
            <ErrorBar dataKey="err" direction="y" width={10} stroke={CATEGORY.effective} strokeWidth={2} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/** Table 4 / Figure 5(a): how many problems fall in each accuracy bin, as a share of the suite. */
function HistogramChart({ reports }: { reports: LabelledReport<Pass1Result>[] }) {
  // Repeats (a preset's seeds) are one bar per bin: their mean share.
  const groups = repeatGroups(reports);
  const shares = groups.map((g) => meanBinShares(g.members.map((m) => m.report.result)));
  const rows = ACCURACY_BIN_LABELS.map((bin, b) => {
    const row: Record<string, string | number> = { bin };
    shares.forEach((s, i) => (row[`r${i}`] = s[b]));
    return row;
  });
  const table: Table = {
    columns: ['policy · suite', ...ACCURACY_BIN_LABELS.map((l) => `${l} problems`), 'uncertain %', 'total'],
    rows: reports.map((r) => [r.label, ...r.report.result.histogram, ppOrNone(r.report.result.uncertainShare), r.report.result.problems]),
  };
  const title = 'Accuracy distribution (Table 4 bins)';
  return (
    <ChartFrame
      id="histogram"
      title={title}
      table={reports.length ? table : null}
      empty={reports.length ? null : 'Run a Pass@1 study to see per-problem accuracy.'}
      legend={groups.map((g, i) => ({ name: g.label, color: seriesColor(i) }))}
      description="Share of the suite's problems by their accuracy over the runs (the mean share where a study was repeated, e.g. at each training seed; the CSV has every report). Problems in the middle bins are uncertain: they come out right in some runs and wrong in others, and they are what makes Pass@1 unstable (Section 5.2)."
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <BarChart tabIndex={tabIndex} data={rows} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="bin" tick={{ fontSize: 12 }} label={axisLabel('problem accuracy over runs')} />
          <YAxis tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('share of problems')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          {groups.map((g, i) => (
            <Bar key={g.label} dataKey={`r${i}`} name={g.label} fill={seriesColor(i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/** The suite that stands in for one of the paper's benchmarks (SUITES names each one's analog). */
const suiteLike = (analog: string) => SUITES.find((s) => s.analog === analog)?.name ?? analog;

/** Figure 5(a): uncertain (accuracy in [0.2, 0.8)) vs certain problems per suite. */
function UncertainChart({ reports }: { reports: LabelledReport<Pass1Result>[] }) {
  // A single run has no uncertain share: its bar stays empty and its label says why.
  const rows = reports.map((r) => {
    const u = r.report.result.uncertainShare;
    return { label: u === null ? `${r.label} (${NEEDS_RUNS})` : r.label, uncertain: u, certain: u === null ? null : 1 - u };
  });
  const title = 'Uncertain share per suite';
  return (
    <ChartFrame
      id="uncertain"
      title={title}
      table={reports.length ? { columns: ['policy · suite', 'uncertain %', 'certain %'], rows: rows.map((r) => [r.label, ppOrNone(r.uncertain), ppOrNone(r.certain)]) } : null}
      empty={reports.length ? null : 'Run a Pass@1 study on a few suites to compare them.'}
      legend={[
        { name: 'uncertain [0.2, 0.8)', color: CATEGORY.uncertain },
        { name: 'certain', color: CATEGORY.certain },
      ]}
      description={`The paper finds AIME24 far more unstable than MATH-500 because it holds more uncertain problems (Figure 5a, Takeaway 5.2); ${suiteLike('AIME24')} is our AIME24 and ${suiteLike('MATH-500')} our MATH-500, so compare their bars.`}
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={Math.max(230, 60 + 22 * rows.length)}>
        <BarChart tabIndex={tabIndex} data={rows} layout="vertical" margin={{ ...MARGIN, left: 10 }} title={title}>
          <CartesianGrid stroke={CHART.grid} horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pctTick} tick={{ fontSize: 12 }} label={axisLabel('share of problems')} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={120} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          <Bar dataKey="uncertain" name="uncertain" stackId="u" fill={CATEGORY.uncertain} isAnimationActive={false} />
          <Bar dataKey="certain" name="certain" stackId="u" fill={CATEGORY.certain} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/** Table 7: four trials of n runs each; the largest gap between their Pass@1 shrinks as n grows. */
function MaxGapChart({ reports }: { reports: LabelledReport<MaxGapResult>[] }) {
  const ns = [...new Set(reports.flatMap((r) => r.report.result.rows.map((x) => x.runs)))].sort((a, b) => a - b);
  // Repeats (a preset's seeds) are one line: their mean gap.
  const groups = repeatGroups(reports);
  const cells = groups.map((g) => new Map(ns.map((n) => [n, meanMaxGapAt(g.members.map((m) => m.report.result), n)])));
  const rows = ns.map((n) => {
    const row: Record<string, number | null> = { runs: n };
    cells.forEach((c, i) => (row[`r${i}`] = c.get(n)?.maxGap ?? null));
    return row;
  });
  const table: Table = {
    columns: ['policy · suite', 'runs per trial', 'avg pass@1 %', 'max gap %', 'trial scores %'],
    rows: reports.flatMap((r) => r.report.result.rows.map((x) => (x.available ? [r.label, x.runs, pp(x.meanPass1), pp(x.maxGap), x.trialScores.map(pp).join(' ')] : [r.label, x.runs, null, null, x.reason]))),
  };
  const title = 'Max gap vs number of runs (Table 7)';
  return (
    <ChartFrame
      id="max-gap"
      title={title}
      table={reports.length ? table : null}
      empty={reports.length ? null : 'Run a max-gap study to see how many runs it takes to stabilise Pass@1.'}
      legend={groups.map((g, i) => ({ name: g.label, color: seriesColor(i) }))}
      description="Pass@1 from four independent trials of n runs each; the line is the largest difference between the four (the mean gap where a study was repeated, e.g. at each training seed; the CSV has every report). More runs shrink the gap, but no fixed n guarantees a small one (Section 5.3)."
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <LineChart tabIndex={tabIndex} data={rows} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis dataKey="runs" type="category" tick={{ fontSize: 12 }} label={axisLabel('runs per trial (n)')} />
          <YAxis tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('max gap (Pass@1)')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} labelFormatter={(l) => `${l} runs per trial`} />
          {groups.map((g, i) => (
            <Line key={g.label} dataKey={`r${i}`} name={g.label} stroke={seriesColor(i)} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>)}</ChartFocus>
      {reports.length > 0 && <MaxGapTable labels={groups.map((g) => g.label)} cells={cells} ns={ns} />}
    </ChartFrame>
  );
}

function MaxGapTable({ labels, cells, ns }: { labels: string[]; cells: Map<number, { meanPass1: number; maxGap: number } | null>[]; ns: number[] }) {
  return (
    <table className="mini-table">
      <caption className="visually-hidden">Average Pass@1 and max gap per number of runs</caption>
      <thead>
        <tr>
          <th scope="col"># runs</th>
          {labels.map((label) => (
            <th key={label} scope="col">
              {label}: avg / gap
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ns.map((n) => (
          <tr key={n}>
            <th scope="row">{n}</th>
            {cells.map((c, i) => {
              const x = c.get(n);
              return <td key={labels[i]}>{x ? `${pp(x.meanPass1)} / ${pp(x.maxGap)}` : '—'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Figure 5(b)/(c): the same suite's accuracy distribution sampled at T and greedy; greedy flips by batch and backend. */
function GreedyChart({ reports }: { reports: LabelledReport<GreedyResult>[] }) {
  // The latest study and its repeats (a preset's seeds): mean shares, flips summed.
  const g = repeatGroups(reports).at(-1);
  const results = g?.members.map((m) => m.report.result) ?? [];
  const res = results[0];
  const sampledShares = res ? meanBinShares(results.map((x) => ({ histogram: x.sampled.histogram, problems: x.problems }))) : [];
  const greedyShares = res ? meanBinShares(results.map((x) => ({ histogram: x.greedy.histogram, problems: x.problems }))) : [];
  const rows = res ? ACCURACY_BIN_LABELS.map((bin, b) => ({ bin, sampled: sampledShares[b], greedy: greedyShares[b] })) : [];
  const flips = (entries: { flipped: number[]; textChanged: number }[]) => `${entries.reduce((n, e) => n + e.flipped.length, 0)} flips, ${entries.reduce((n, e) => n + e.textChanged, 0)} texts changed`;
  const title = 'Greedy vs sampled';
  return (
    <ChartFrame
      id="greedy"
      title={title}
      table={res ? { columns: ['policy · suite', 'bin', `sampled T=${res.sampled.temperature} problems`, 'greedy problems'], rows: g!.members.flatMap((m) => ACCURACY_BIN_LABELS.map((bin, b) => [m.label, bin, m.report.result.sampled.histogram[b], m.report.result.greedy.histogram[b]])) } : null}
      empty={res ? null : 'Run a greedy study to compare greedy decoding with sampling.'}
      legend={res ? [{ name: `sampled (T = ${res.sampled.temperature}, ${res.sampled.runs} runs)`, color: CATEGORY.sampled }, { name: 'greedy (T = 0)', color: CATEGORY.greedy }] : []}
      description={
        <>
          Greedy decoding puts every problem at accuracy 0 or 1, so uncertain problems look certain (Figure 5b/c); yet a small disruption flips them (Section 5.3).
          {res && (
            <>
              {' '}
              {g!.label}: sampled Pass@1 {pct(mean(results.map((x) => x.sampled.pass1)))}, greedy {pct(mean(results.map((x) => x.greedy.pass1)))}.{' '}
              {res.byBatch.map((b) => `Batch ${b.batchSize} vs ${res.greedy.batchSize}: ${flips(results.flatMap((x) => x.byBatch.filter((y) => y.batchSize === b.batchSize)))}. `)}
              {res.byBackend.map((b) => {
                const failed = results.flatMap((x) => x.byBackend.filter((y) => y.backend === b.backend && 'error' in y));
                if (failed.length) return `${b.backend}: ${(failed[0] as { error: string }).error}. `;
                return `On ${b.backend}: ${flips(results.flatMap((x) => x.byBackend.filter((y): y is Extract<typeof y, { flipped: number[] }> => y.backend === b.backend && 'flipped' in y)))}. `;
              })}
              {results.length > 1 && `Flips are summed over the ${results.length} reports.`}
            </>
          )}
        </>
      }
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <BarChart tabIndex={tabIndex} data={rows} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="bin" tick={{ fontSize: 12 }} label={axisLabel('problem accuracy')} />
          <YAxis tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('share of problems')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          <Bar dataKey="sampled" name="sampled" fill={CATEGORY.sampled} isAnimationActive={false} />
          <Bar dataKey="greedy" name="greedy" fill={CATEGORY.greedy} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/** Figure 4(b): Pass@1 of every run at each temperature, and their mean. */
function SweepChart({ reports }: { reports: LabelledReport<SweepResult>[] }) {
  const dots = reports.flatMap((r, i) => r.report.result.points.flatMap((p) => p.runScores.map((s) => ({ temperature: p.temperature, score: s, series: i }))));
  const title = 'Temperature sweep';
  const table: Table = {
    columns: ['policy · suite', 'temperature', 'runs', 'pass@1 %', 'run std %', 'max run gap %', 'uncertain %', 'mean length'],
    rows: reports.flatMap((r) => r.report.result.points.map((p) => [r.label, p.temperature, p.runs, pp(p.pass1), ppOrNone(p.runStd), ppOrNone(p.maxRunGap), ppOrNone(p.uncertainShare), p.meanLength.toFixed(1)])),
  };
  return (
    <ChartFrame
      id="temperature"
      title={title}
      table={reports.length ? table : null}
      empty={reports.length ? null : 'Run a temperature sweep to see Pass@1 and its spread at each temperature.'}
      legend={reports.map((r, i) => ({ name: r.label, color: seriesColor(i) }))}
      description={`Dots are single runs, the line their mean. The spread is similar at every temperature except 0 (greedy), which is deterministic here and sampled once (Figure 4b).${singleRunNote(reports.flatMap((r) => r.report.result.points.map((p) => p.runs)))}`}
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <ComposedChart tabIndex={tabIndex} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis type="number" dataKey="temperature" domain={['dataMin', 'dataMax']} tick={{ fontSize: 12 }} label={axisLabel('temperature')} allowDuplicatedCategory={false} />
          <YAxis type="number" domain={[0, 1]} tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('Pass@1')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          {reports.map((r, i) => (
            <Scatter key={`d${i}`} name={`${r.label} runs`} data={dots.filter((d) => d.series === i)} dataKey="score" fill={seriesColor(i)} fillOpacity={0.35} isAnimationActive={false} />
          ))}
          {reports.map((r, i) => (
            <Line key={`m${i}`} name={`${r.label} mean`} data={r.report.result.points} dataKey="pass1" stroke={seriesColor(i)} strokeWidth={2} isAnimationActive={false} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

const decodingName = (d: { temperature: number; topP: number }) => `T = ${d.temperature}, top-p ${d.topP}`;

/** Figure 2's bars: how many training problems get k of their rollouts right, one bar per decoding. */
function CensusChart({ reports }: { reports: LabelledReport<CensusResult>[] }) {
  const r = reports.at(-1);
  const res = r?.report.result;
  const rows = res ? Array.from({ length: res.rollouts + 1 }, (_, k) => ({ k, ...Object.fromEntries(res.samplings.map((s, i) => [`s${i}`, s.counts[k] / res.problems])) })) : [];
  const paperG = res?.samplings[0]?.groups.find((g) => g.groupSize === 8) ? 8 : res?.samplings[0]?.groups.at(-1)?.groupSize;
  const title = 'Zero-advantage census of the training set';
  return (
    <ChartFrame
      id="census"
      title={title}
      table={res ? { columns: ['correct of rollouts', ...res.samplings.flatMap((s) => [`problems ${decodingName(s)}`, `share % ${decodingName(s)}`])], rows: rows.map((_, k) => [k, ...res.samplings.flatMap((s) => [s.counts[k], pp(s.counts[k] / res.problems)])]) } : null}
      empty={res ? null : 'Run a census to see how much of the training set can give a gradient.'}
      legend={res ? res.samplings.map((s, i) => ({ name: `${decodingName(s)} (mean accuracy ${pct(s.meanAccuracy)})`, color: seriesColor(i) })) : []}
      description={
        <>
          {res ? `${res.rollouts} rollouts` : 'Rollouts'} per training problem at each decoding; bars count problems by how many came out right. The bars at 0 and at all right are problems whose
          group of all rollouts gives GRPO no gradient. The paper finds 46.9 % and 27.1 % effective data with 8 rollouts on its two datasets (Figure 2), sampling at T = 0.6.
          {res && paperG !== undefined && (
            <b>
              {' '}
              Here, at G = {paperG}:{' '}
              {res.samplings
                .map((s) => {
                  const g = s.groups.find((x) => x.groupSize === paperG)!;
                  return `${decodingName(s)}: ${pct(g.effectiveShare)} effective, ${pct(g.allWrongShare)} all wrong, ${pct(g.allCorrectShare)} all correct`;
                })
                .join('; ')}{' '}
              ({r!.label}).
            </b>
          )}
        </>
      }
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <BarChart tabIndex={tabIndex} data={rows} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="k" tick={{ fontSize: 12 }} label={axisLabel(`correct of ${res?.rollouts ?? 16} rollouts`)} />
          <YAxis tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('share of problems')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          {res?.samplings.map((s, i) => <Bar key={i} dataKey={`s${i}`} name={decodingName(s)} fill={seriesColor(i)} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/**
 * Figure 2 against group size: the zero-advantage share measured on disjoint groups of G (dots)
 * and the share pᴳ + (1 − p)ᴳ predicts from each problem's accuracy (line, for every G up to the
 * rollouts), per decoding.
 */
function CensusGroupsChart({ reports }: { reports: LabelledReport<CensusResult>[] }) {
  const r = reports.at(-1);
  const res = r?.report.result;
  const title = 'Zero advantage against group size G';
  const curves = res ? res.samplings.map((s) => s.predictedZeroShare.map((share, i) => ({ G: i + 1, share }))) : [];
  const measured = res ? res.samplings.map((s) => s.groups.map((g) => ({ G: g.groupSize, share: g.allCorrectShare + g.allWrongShare }))) : [];
  return (
    <ChartFrame
      id="census-groups"
      title={title}
      table={
        res
          ? {
              columns: ['decoding', 'G', 'groups', 'all correct %', 'all wrong %', 'zero advantage %', 'predicted pᴳ + (1 − p)ᴳ %', 'effective %'],
              rows: res.samplings.flatMap((s) => s.groups.map((g) => [decodingName(s), g.groupSize, g.groups, pp(g.allCorrectShare), pp(g.allWrongShare), pp(g.allCorrectShare + g.allWrongShare), pp(g.predictedAllCorrectShare + g.predictedAllWrongShare), pp(g.effectiveShare)])),
            }
          : null
      }
      empty={res ? null : 'Run a census to see how the share of groups without a gradient falls as G grows.'}
      legend={res ? res.samplings.flatMap((s, i) => [{ name: `${decodingName(s)}: measured`, color: seriesColor(i) }, { name: `${decodingName(s)}: predicted pᴳ + (1 − p)ᴳ`, color: seriesColor(i), dashed: true }]) : []}
      description={
        <>
          Dots: the share of groups of G rollouts that are all right or all wrong, each problem&apos;s rollouts cut into disjoint groups of G. Line: what independent sampling predicts, the mean
          over problems of pᴳ + (1 − p)ᴳ with p the problem&apos;s accuracy, estimated without bias from its {res ? res.rollouts : 16} rollouts (C(k, G) / C(n, G)). At G = 1 every group has zero
          advantage; a larger G makes a mixed group likelier, but a problem the policy always or never solves stays all-equal at any G.
        </>
      }
    >
      <ChartFocus>{(tabIndex) => (<ResponsiveContainer width="100%" height={230}>
        <ComposedChart tabIndex={tabIndex} margin={MARGIN} title={title}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis type="number" dataKey="G" domain={[1, res?.rollouts ?? 16]} allowDecimals={false} tick={{ fontSize: 12 }} label={axisLabel('group size G')} />
          <YAxis type="number" domain={[0, 1]} tickFormatter={pctTick} tick={{ fontSize: 12 }} width={66} label={yLabel('zero-advantage groups')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          {curves.map((c, i) => (
            <Line key={`p${i}`} name={`${decodingName(res!.samplings[i])}: predicted`} data={c} dataKey="share" stroke={seriesColor(i)} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
          ))}
          {measured.map((m, i) => (
            <Scatter key={`m${i}`} name={`${decodingName(res!.samplings[i])}: measured`} data={m} dataKey="share" fill={seriesColor(i)} isAnimationActive={false} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>)}</ChartFocus>
    </ChartFrame>
  );
}

/** Figure 5(c)/(d): greedy correctness per problem before and after one GRPO step. */
function PerturbationChart({ reports }: { reports: LabelledReport<PerturbationResult>[] }) {
  const r = reports.at(-1);
  const res = r?.report.result;
  const title = 'Greedy answers before and after one GRPO step';
  const n = res?.before.length ?? 0;
  const cell = 14;
  const flipped = new Set(res?.flipped ?? []);
  return (
    <ChartFrame
      id="perturbation"
      title={title}
      table={res ? { columns: ['problem', 'greedy before', 'greedy after', 'flipped'], rows: res.before.map((b, i) => [i + 1, b, res.after[i], flipped.has(i)]) } : null}
      empty={res ? null : 'Run a perturbation study to see greedy answers flip after a single step.'}
      legend={[
        { name: 'correct', color: CATEGORY.correct },
        { name: 'wrong', color: CATEGORY.wrong },
        { name: 'flipped (outlined)', color: PALETTE.ink },
      ]}
      description={
        res ? (
          <>
            One training step changed the greedy verdict on {res.flipped.length} of {res.problems} problems ({res.wrongToRight} wrong → right, {res.rightToWrong} right → wrong): greedy
            scores on uncertain problems are fragile (Figure 5d).
          </>
        ) : (
          'Greedy decoding before and after one GRPO step; outlined problems flipped (Figure 5d).'
        )
      }
    >
      <svg className="recharts-surface perturbation" width="100%" viewBox={`0 0 ${Math.max(1, n) * cell + 70} ${2 * cell + 40}`} role="img" aria-label={title}>
        <title>{title}</title>
        <text x={0} y={cell - 2} fontSize={11} fill={PALETTE.muted}>
          before
        </text>
        <text x={0} y={2 * cell + 6} fontSize={11} fill={PALETTE.muted}>
          after
        </text>
        {res?.before.map((b, i) => (
          <g key={i}>
            <rect x={60 + i * cell} y={0} width={cell - 2} height={cell - 2} fill={b ? CATEGORY.correct : CATEGORY.wrong} stroke={flipped.has(i) ? PALETTE.ink : 'none'} strokeWidth={2} />
            <rect x={60 + i * cell} y={cell + 4} width={cell - 2} height={cell - 2} fill={res.after[i] ? CATEGORY.correct : CATEGORY.wrong} stroke={flipped.has(i) ? PALETTE.ink : 'none'} strokeWidth={2} />
          </g>
        ))}
        <text x={60} y={2 * cell + 30} fontSize={11} fill={PALETTE.muted}>
          problems 1 … {n} of {res?.suite ?? ''}
        </text>
      </svg>
    </ChartFrame>
  );
}

/** Memoised: a study's progress ticks re-render the panel, not these charts. */
export const EvalCharts = memo(function EvalCharts({ reports }: { reports: LabelledReport[] }) {
  const pass1 = ofKind<Pass1Result>(reports, 'pass1');
  return (
    <div className="chart-grid" data-testid="eval-charts">
      <VarianceChart reports={pass1} />
      <HistogramChart reports={pass1} />
      <UncertainChart reports={pass1} />
      <MaxGapChart reports={ofKind<MaxGapResult>(reports, 'maxGap')} />
      <GreedyChart reports={ofKind<GreedyResult>(reports, 'greedy')} />
      <SweepChart reports={ofKind<SweepResult>(reports, 'temperatureSweep')} />
      <CensusChart reports={ofKind<CensusResult>(reports, 'census')} />
      <CensusGroupsChart reports={ofKind<CensusResult>(reports, 'census')} />
      <PerturbationChart reports={ofKind<PerturbationResult>(reports, 'perturbation')} />
    </div>
  );
});
