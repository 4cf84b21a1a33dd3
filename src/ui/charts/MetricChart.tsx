import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { memo, useMemo, type ReactNode } from 'react';
import { useThrottled } from './use-throttled';
import { useWidth } from './use-width';
import { ChartFrame, useChartTabIndex } from './ChartFrame';
import { seriesSummary } from './chart-summary';
import { smoothSeries } from './smoothing';
import { downsampleRows } from './downsample';
import { markRows } from './mark-rows';
import type { Table } from './table-export';
import { fitDomain, niceAxis, stepDecimals, UNBOUNDED, type Bounds } from './domain';
import { CHART } from '../palette';

export interface Series {
  id: string;
  name: string;
  color: string;
  points: { x: number; y: number | null }[];
  dashed?: boolean;
  /** A seed group's spread around its mean line (min–max over the seeds), drawn as a shaded band. */
  band?: { x: number; lo: number | null; hi: number | null }[];
}

interface Props {
  id: string;
  title: string;
  description: ReactNode;
  yLabel: string;
  xLabel?: string;
  series: Series[];
  smoothing?: number;
  percent?: boolean;
  /** A fixed value axis (e.g. accuracy 0–100 %); otherwise it fits the data within `bounds`. */
  yDomain?: [number, number];
  /** The metric's natural range, which a fitted axis never passes (see fitDomain). */
  bounds?: Bounds;
  /** Vertical reference lines (stage boundaries). */
  xMarks?: readonly XMark[];
  /** Horizontal reference segments (the length cap of each stage); part of the fitted axis. */
  yMarks?: readonly YMark[];
  empty?: string;
  height?: number;
  /** Redraw order among the charts of a panel. */
  slot?: number;
}

export interface XMark {
  x: number;
  label: string;
}

export interface YMark {
  x1: number;
  x2: number;
  y: number;
  label: string;
}

/** Axis and tooltip numbers: percentages for shares, integers as integers, else two significant digits or two decimals. */
export function fmt(x: number, percent?: boolean): string {
  if (percent) return `${(x * 100).toFixed(Math.abs(x) < 0.1 && x !== 0 ? 1 : 0)}%`;
  if (Number.isInteger(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** Rows keyed by x with one column per series (smoothed), plus the raw values when smoothing. */
export function mergeSeries(series: Series[], smoothing: number): Record<string, number | null>[] {
  const byX = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    const smoothed = smoothSeries(s.points.map((p) => p.y), smoothing);
    s.points.forEach((p, i) => {
      const row = byX.get(p.x) ?? { x: p.x };
      row[s.id] = smoothed[i];
      if (smoothing > 0) row[`${s.id}__raw`] = p.y;
      byX.set(p.x, row);
    });
    for (const b of s.band ?? []) {
      const row = byX.get(b.x) ?? { x: b.x };
      row[`${s.id}__lo`] = b.lo;
      row[`${s.id}__hi`] = b.hi;
      byX.set(b.x, row);
    }
  }
  return [...byX.values()].sort((a, b) => (a.x as number) - (b.x as number));
}

export function seriesTable(series: Series[], rows: Record<string, number | null>[], smoothing: number, xLabel: string): Table {
  const band = (s: Series) => (s.band ? [`${s.name} min`, `${s.name} max`] : []);
  const columns = [xLabel, ...series.flatMap((s) => [...(smoothing > 0 ? [`${s.name} (smoothed ${smoothing})`, `${s.name}`] : [s.name]), ...band(s)])];
  const bandCells = (s: Series, r: Record<string, number | null>) => (s.band ? [r[`${s.id}__lo`] ?? null, r[`${s.id}__hi`] ?? null] : []);
  return { columns, rows: rows.map((r) => [r.x, ...series.flatMap((s) => [...(smoothing > 0 ? [r[s.id], r[`${s.id}__raw`]] : [r[s.id]]), ...bandCells(s, r)])]) };
}

/** Charts redraw at most this often, each `STAGGER_MS` after the one before it in its panel. */
export const THROTTLE_MS = 400;
export const STAGGER_MS = 120;

interface PlotProps {
  rows: Record<string, number | null>[];
  series: Series[];
  smoothing: number;
  percent?: boolean;
  yAxis: { domain: [number, number]; ticks: number[]; step: number };
  xMarks: readonly XMark[];
  yMarks: readonly YMark[];
  xLabel: string;
  yLabel: string;
  height: number;
  title: string;
}

/** The height of one line of mark labels (11 px text). */
const MARK_ROW_PX = 13;

/** The recharts part, redrawn only when its (throttled) rows change. */
const Plot = memo(function Plot({ rows: all, series, smoothing, percent, yAxis, xMarks, yMarks, xLabel, yLabel, height, title }: PlotProps) {
  const rows = useMemo(() => downsampleRows(all, series.flatMap((s) => [s.id, ...(smoothing > 0 ? [`${s.id}__raw`] : []), ...(s.band ? [`${s.id}__lo`, `${s.id}__hi`] : [])])), [all, series, smoothing]);
  const showDots = rows.length <= 24;
  const placedXMarks = useMemo(() => markRows(xMarks), [xMarks]);
  const xs = rows.map((r) => r.x ?? 0);
  const xMid = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : 0;
  const [box, width] = useWidth<HTMLDivElement>();
  const tabIndex = useChartTabIndex();
  return (
    <div ref={box} className="plot-box" style={{ height }}>
      {width > 0 && (
      <ComposedChart tabIndex={tabIndex} width={width} height={height} data={rows} margin={{ top: 6, right: 14, bottom: 18, left: 6 }} title={title}>
        <CartesianGrid stroke={CHART.grid} />
        <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} interval={0} tick={{ fontSize: 12 }} label={{ value: xLabel, position: 'insideBottom', offset: -10, fontSize: 12 }} />
        <YAxis
          domain={yAxis.domain}
          ticks={yAxis.ticks}
          allowDataOverflow
          interval={0}
          tick={{ fontSize: 12 }}
          width={66}
          tickFormatter={(v: number) => (percent ? `${(v * 100).toFixed(stepDecimals(yAxis.step * 100))}%` : v.toFixed(stepDecimals(yAxis.step)))}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 0, fontSize: 12, style: { textAnchor: 'middle' } }}
        />
        <Tooltip formatter={(v) => (typeof v === 'number' ? fmt(v, percent) : Array.isArray(v) && v.every((x) => typeof x === 'number') ? v.map((x) => fmt(x, percent)).join(' – ') : String(v))} labelFormatter={(l) => `${xLabel} ${l}`} />
        {placedXMarks.map((m) => (
          // A mark in the right half of the axis prints its label to its left, so the label stays inside the plot.
          <ReferenceLine key={`x${m.x}`} x={m.x} ifOverflow="hidden" stroke={CHART.mark} strokeDasharray="2 3" label={{ value: m.label, position: m.x > xMid ? 'insideTopRight' : 'insideTopLeft', fontSize: 11, fill: CHART.mark, dy: m.row * MARK_ROW_PX }} />
        ))}
        {yMarks.map((m) => (
          <ReferenceLine
            key={`y${m.x1}-${m.y}`}
            segment={[{ x: m.x1, y: m.y }, { x: m.x2, y: m.y }]}
            ifOverflow="hidden"
            stroke={CHART.mark}
            strokeDasharray="6 3"
            label={{ value: m.label, position: 'insideBottomRight', fontSize: 11, fill: CHART.mark }}
          />
        ))}
        {series.map(
          (s) =>
            s.band && (
              <Area key={`${s.id}__band`} dataKey={(r: Record<string, number | null>) => [r[`${s.id}__lo`], r[`${s.id}__hi`]]} name={`${s.name} (min–max)`} stroke="none" fill={s.color} fillOpacity={0.18} isAnimationActive={false} connectNulls={false} legendType="none" className="seed-band" />
            ),
        )}
        {smoothing > 0 &&
          series.map((s) => (
            <Line key={`${s.id}__raw`} dataKey={`${s.id}__raw`} name={`${s.name} (raw)`} stroke={s.color} strokeOpacity={0.25} dot={false} isAnimationActive={false} connectNulls legendType="none" strokeDasharray={s.dashed ? '5 3' : undefined} />
          ))}
        {series.map((s) => (
          <Line key={s.id} dataKey={s.id} name={s.name} stroke={s.color} strokeWidth={2} dot={showDots ? { r: 2.5 } : false} isAnimationActive={false} connectNulls strokeDasharray={s.dashed ? '5 3' : undefined} />
        ))}
      </ComposedChart>
      )}
    </div>
  );
});

/**
 * A line per series over steps, with TensorBoard-style smoothing (raw values stay as a faint
 * line). `slot` staggers its redraws against the other charts (see useThrottled).
 */
const NO_MARKS: readonly never[] = [];

export function MetricChart({ id, title, description, yLabel, xLabel = 'step', series: live, smoothing = 0, percent, yDomain, bounds = UNBOUNDED, xMarks: liveXMarks = NO_MARKS, yMarks: liveYMarks = NO_MARKS, empty, height = 210, slot = 0 }: Props) {
  // The marks come with the data, at the same throttled rate: new arrays each render would redraw the plot each render.
  const bundle = useMemo(() => ({ series: live, xMarks: liveXMarks, yMarks: liveYMarks }), [live, liveXMarks, liveYMarks]);
  const drawn = useThrottled(bundle, THROTTLE_MS + slot * STAGGER_MS);
  const { series, xMarks, yMarks } = drawn;
  const rows = useMemo(() => mergeSeries(series, smoothing), [series, smoothing]);
  const totalRows = new Set(live.flatMap((s) => s.points.map((p) => p.x))).size;
  const hasPoints = series.some((s) => s.points.length > 0);
  // Built at the throttled rate, not at every render of the parent.
  const table = useMemo(() => (hasPoints ? seriesTable(series, rows, smoothing, xLabel) : null), [hasPoints, series, rows, smoothing, xLabel]);
  // One rule for every chart's value axis (domain.ts): the raw values and the marks drawn, within the metric's bounds.
  // (The fixed ends by value: a `yDomain={[0, 1]}` literal is a new array at every render.)
  const [fixedLo, fixedHi] = yDomain ?? [null, null];
  const yAxis = useMemo(() => {
    const fitted = fixedLo !== null && fixedHi !== null ? ([fixedLo, fixedHi] as const) : fitDomain([...rows.flatMap((r) => Object.entries(r).flatMap(([k, v]) => (k === 'x' ? [] : [v]))), ...yMarks.map((m) => m.y)], bounds);
    return niceAxis(fitted, bounds);
  }, [rows, yMarks, bounds, fixedLo, fixedHi]);
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      table={table}
      totalRows={totalRows}
      current={drawn === bundle}
      summary={seriesSummary(series, (y) => fmt(y, percent), xLabel)}
      legend={series.map((s) => ({ name: s.name, color: s.color, dashed: s.dashed }))}
      empty={hasPoints ? null : (empty ?? 'No steps yet.')}
    >
      <Plot rows={rows} series={series} smoothing={smoothing} percent={percent} yAxis={yAxis} xMarks={xMarks} yMarks={yMarks} xLabel={xLabel} yLabel={yLabel} height={height} title={title} />
    </ChartFrame>
  );
}
