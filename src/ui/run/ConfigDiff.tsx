import type { RunSummary } from '../../../workers/api';
import { configDiff } from './runs-table';

/** The knobs two runs set differently, side by side; nothing else of their configs. */
export function ConfigDiff({ a, b }: { a: RunSummary; b: RunSummary }) {
  const rows = configDiff(a.config, b.config);
  const name = (r: RunSummary) => r.label || r.runId;
  return (
    <div className="config-diff" data-testid="config-diff" role="region" aria-label={`Config diff of ${name(a)} and ${name(b)}`}>
      {rows.length === 0 ? (
        <p className="facts">{name(a)} and {name(b)} have the same config.</p>
      ) : (
        <table className="mini-table">
          <caption className="facts">
            {rows.length} knob{rows.length > 1 ? 's' : ''} differ{rows.length > 1 ? '' : 's'} (the rest are equal)
          </caption>
          <thead>
            <tr>
              <th scope="col">Knob</th>
              <th scope="col">{name(a)}</th>
              <th scope="col">{name(b)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="config-diff-row" data-key={r.key}>
                <th scope="row" className="mono">
                  {r.key}
                </th>
                <td className="mono">{r.a}</td>
                <td className="mono">{r.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
