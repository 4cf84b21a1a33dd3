import { useId, useRef, useState, type ReactNode } from 'react';
import { fileSlug, toCsv, type Table } from './table-export';
import { saveBlob, saveText, svgToPng } from './export-image';
import { messageOf } from '../../core/errors';

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
}

/** A labelled figure with its title, an explanation, and PNG / CSV export of exactly what it shows. */
export function ChartFrame({ id, title, description, table, legend, empty, children, wide, totalRows }: Props) {
  const titleId = useId();
  const descId = useId();
  const body = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);

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
  // data-rows: how many rows the chart draws now; data-rows-total: how many the data holds. They
  // differ while a throttled redraw is due, so "drawn" means equal (the headless capture waits for it).
  const rows = table?.rows.length ?? 0;
  return (
    <figure
      className={`chart${wide ? ' wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={descId}
      data-testid={`chart-${id}`}
      data-empty={!hasData}
      data-rows={rows}
      data-rows-total={totalRows ?? rows}
    >
      <div className="chart-head">
        <h3 id={titleId}>{title}</h3>
        {hasData && (
          <div className="chart-actions">
            <button type="button" className="small ghost" onClick={() => void png()} aria-label={`Save “${title}” as PNG`}>
              PNG
            </button>
            <button type="button" className="small ghost" onClick={csv} disabled={!table} aria-label={`Save the data of “${title}” as CSV`}>
              CSV
            </button>
          </div>
        )}
      </div>
      <div className="chart-body" ref={body}>
        {hasData ? children : <p className="chart-empty">{empty}</p>}
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
      </figcaption>
      {exportError && <p className="field-error">{exportError}</p>}
    </figure>
  );
}
