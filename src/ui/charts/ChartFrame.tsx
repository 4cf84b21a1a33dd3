import { createContext, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { fileSlug, toCsv, type Table } from './table-export';
import { saveBlob, saveText, svgToPng } from './export-image';
import { messageOf } from '../../core/errors';
import './charts.css';

interface Props {
  /** Stable id, also the test id: `chart-<id>`. */
  id: string;
  title: string;
  /** What the chart shows, in the paper's terms; read out by screen readers and shown under the chart. */
  description: ReactNode;
  /** The numbers behind the chart, exported as CSV. */
  table: Table | null;
  legend?: { name: string; color: string; dashed?: boolean }[];
  /** Shown instead of the chart when there is nothing to draw yet. */
  empty?: string | null;
  children: ReactNode;
  wide?: boolean;
  /** Rows the data holds now; the chart may draw fewer while its throttled redraw is due. Defaults to the table's rows. */
  totalRows?: number;
  /** False while a throttled redraw is due: the picture shows older data than the chart holds (the headless capture waits). */
  current?: boolean;
  /** The chart in words, for screen readers (its text alternative); defaults to what its table holds. */
  summary?: string;
}

/**
 * The tab index of what a chart holds (its plot and its PNG / CSV buttons): -1 until the reader
 * enters the chart with Enter, so that a page of charts is one Tab stop per chart. Charts pass it
 * to their recharts surface (`tabIndex={useChartTabIndex()}`).
 */
const ChartTabIndex = createContext<0 | -1>(0);
export const useChartTabIndex = () => useContext(ChartTabIndex);

/** The same, for a chart drawn in the component that renders its ChartFrame (the context is below it there). */
export function ChartFocus({ children }: { children: (tabIndex: 0 | -1) => ReactNode }) {
  return children(useChartTabIndex());
}

/** What a table holds, in a sentence: the default summary of a chart. */
export function tableSummary(table: Table | null): string {
  if (!table || table.rows.length === 0) return 'No data yet.';
  return `${table.rows.length} row${table.rows.length === 1 ? '' : 's'} of ${table.columns.join(', ')}; the CSV button saves them.`;
}

/** A labelled figure with its title, an explanation, and PNG / CSV export of exactly what it shows. */
export function ChartFrame({ id, title, description, table, legend, empty, children, wide, totalRows, current = true, summary }: Props) {
  const descId = useId();
  const frame = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // Entered with Enter: the plot and the buttons take Tab stops until focus leaves the chart or Escape.
  const [inside, setInside] = useState(false);
  useEffect(() => {
    if (inside && document.activeElement === frame.current) frame.current?.querySelector<HTMLElement>('button:not(:disabled), [tabindex="0"]')?.focus();
  }, [inside]);

  // recharts draws into <g> layers through React portals, and Chrome makes an SVG element with
  // event listeners a Tab stop: without tabindex -1 each chart held several invisible Tab stops.
  useEffect(() => {
    const root = body.current;
    if (!root) return;
    const untab = () => root.querySelectorAll('svg g:not([tabindex])').forEach((g) => g.setAttribute('tabindex', '-1'));
    untab();
    const watch = new MutationObserver(untab);
    watch.observe(root, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (!inside && e.target === e.currentTarget && e.key === 'Enter') {
      e.preventDefault();
      setInside(true);
    } else if (inside && e.key === 'Escape') {
      setInside(false);
      frame.current?.focus();
    }
  }

  async function png() {
    const svg = body.current?.querySelector('svg.recharts-surface') ?? body.current?.querySelector('svg');
    if (!(svg instanceof SVGSVGElement)) return;
    try {
      setExportError(null);
      saveBlob(await svgToPng(svg, { title, legend }), `${fileSlug(title)}.png`);
    } catch (e) {
      setExportError(messageOf(e));
    }
  }

  function csv() {
    if (table) saveText(toCsv(table), `${fileSlug(title)}.csv`, 'text/csv');
  }

  const hasData = !empty;
  // data-rows: how many rows the chart draws now; data-rows-total: how many the data holds;
  // data-current: false while a throttled redraw is due. "Drawn" means equal rows and current
  // (the headless capture waits for both: more runs over the same steps leave the rows equal).
  const rows = table?.rows.length ?? 0;
  return (
    <figure
      ref={frame}
      className={`chart${wide ? ' wide' : ''}`}
      tabIndex={inside ? -1 : 0}
      aria-label={`${title}. ${hasData ? (summary ?? tableSummary(table)) : (empty ?? '')}`}
      aria-describedby={descId}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setInside(false);
      }}
      data-testid={`chart-${id}`}
      data-empty={!hasData}
      data-rows={rows}
      data-rows-total={totalRows ?? rows}
      data-current={current}
    >
      <div className="chart-head">
        <h3>{title}</h3>
        {hasData && (
          <div className="chart-actions">
            <button type="button" className="small ghost" tabIndex={inside ? 0 : -1} onClick={() => void png()} aria-label={`Save “${title}” as PNG`}>
              PNG
            </button>
            <button type="button" className="small ghost" tabIndex={inside ? 0 : -1} onClick={csv} disabled={!table} aria-label={`Save the data of “${title}” as CSV`}>
              CSV
            </button>
          </div>
        )}
      </div>
      <div className="chart-body" ref={body}>
        <ChartTabIndex.Provider value={inside ? 0 : -1}>{hasData ? children : <p className="chart-empty">{empty}</p>}</ChartTabIndex.Provider>
      </div>
      {legend && legend.length > 0 && hasData && (
        <ul className="chart-legend" aria-label="Legend">
          {legend.map((l) => (
            <li key={l.name}>
              <span className={`swatch${l.dashed ? ' dashed' : ''}`} style={l.dashed ? { borderColor: l.color } : { background: l.color }} aria-hidden="true" />
              {l.name}
            </li>
          ))}
        </ul>
      )}
      <figcaption id={descId} className="chart-note">
        {description}
        {hasData && <span className="visually-hidden"> Enter: the plot (arrow keys move along it) and the PNG and CSV buttons; Escape: back to the chart.</span>}
      </figcaption>
      {exportError && <p className="field-error">{exportError}</p>}
    </figure>
  );
}
