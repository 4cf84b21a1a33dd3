/**
 * When a view's charts have drawn everything their data holds, read from the page's own marks:
 * the panel's `data-runs-loaded` (runs on show whose records arrived), each figure's `data-rows`
 * (drawn) against `data-rows-total` (in the data), and its `data-current` (false while a redraw
 * is due: more runs can arrive with the same steps, so equal row counts alone do not say drawn).
 * Training charts redraw throttled, one after another, so a chart that has not caught up yet
 * looks empty or short; capturing then makes the chart set depend on timing instead of on the data.
 */
export interface ChartState {
  id: string;
  empty: boolean;
  rows: number;
  totalRows: number;
  /** The picture shows the chart's latest data (no throttled redraw due). */
  current: boolean;
  /** The chart body holds its svg (recharts measured its box and drew). */
  drawn: boolean;
}

export interface ViewSnapshot {
  /** The panel's data-runs-loaded, or null while the panel is not on the page. */
  runsLoaded: number | null;
  charts: ChartState[];
}

/** Why the view is not ready to photograph yet, or null when every chart shows all its data. */
export function notDrawnYet(view: ViewSnapshot, runsShown: number): string | null {
  if (view.runsLoaded === null) return 'the panel is not on the page';
  if (view.runsLoaded < runsShown) return `${view.runsLoaded} of ${runsShown} runs loaded`;
  if (view.charts.length === 0) return 'no charts on the page';
  for (const c of view.charts) {
    if (c.rows !== c.totalRows) return `chart ${c.id} drew ${c.rows} of ${c.totalRows} rows`;
    if (!c.current) return `chart ${c.id} has a redraw due`;
    if (!c.empty && !c.drawn) return `chart ${c.id} has no picture yet`;
  }
  return null;
}
