import { useMemo, useState } from 'react';
import { formatDelta, NEEDS_RUNS } from '../../core/eval';
import { SCORECARD_GROUPS } from '../../core/eval/studies';
import { saveText } from '../charts/export-image';
import { toCsv, toMarkdown } from '../charts/table-export';
import { useLabClient } from '../lab-access';
import { copyText, type CopyOutcome } from '../clipboard';
import { runById, runList, useRuns, useStudySources } from '../run/runs-store';
import { whyNoWeights } from '../run/run-facts';
import { StudyStatus } from '../run/StudyStatus';
import { useView } from '../view-store';
import { compareCsv, compareMarkdown, compareTable, f2, type ScorecardResult, type ScorecardRow } from './scorecard-table';
import { SeedGroupTable } from './SeedGroupTable';
import { ReadoutLines, READOUTS_NOTE } from './Readouts';
import { AverageCells, ScorecardHead } from './ScorecardHead';
import { hasSeedGroups, seedCsv, seedMarkdown, seedsText, seedTable } from './seed-table';
import './compare.css';

const f1 = (x: number) => (x * 100).toFixed(1);

/** Compare runs: the Table 1 scorecard of the base checkpoint and the ticked runs, with deltas, intervals and exports. */
export function ComparePanel() {
  const runs = useRuns((s) => s.runs);
  const busy = useRuns((s) => s.study !== null || s.active !== null);
  const runStudy = useRuns((s) => s.runStudy);
  const shownIds = useView((s) => s.view.runs);
  const toggleRun = useView((s) => s.toggleRun);
  const seedsApart = useView((s) => s.view.seedsApart);
  const patchView = useView((s) => s.patchView);
  const client = useLabClient();
  const [baseline, setBaseline] = useState<string>('base');
  const [scRuns, setScRuns] = useState(2);
  const [scGroups, setScGroups] = useState<string[]>([...SCORECARD_GROUPS]);
  // What Copy markdown did: copied, or why it could not (no clipboard on a LAN address over HTTP).
  const [copied, setCopied] = useState<CopyOutcome | null>(null);

  const sources = useStudySources(shownIds);
  // Each source's latest scorecard: a row of the table, or a "missing" entry to run one (or to
  // say why it cannot be scored: no weights, the rule the Evaluation view's policy list uses).
  const { rows, missing } = useMemo(() => {
    const rows: ScorecardRow[] = [];
    const missing: { id: string; label: string; whyNot: string | null }[] = [];
    for (const s of sources) {
      const sc = s.reports.filter((r) => r.kind === 'scorecard').at(-1)?.result as ScorecardResult | undefined;
      const run = s.source === 'base' ? undefined : runById(runs, s.source);
      if (sc) rows.push({ label: s.sourceLabel, source: s.source, result: sc });
      else missing.push({ id: s.source, label: s.source === 'base' ? 'Orig (base checkpoint)' : s.sourceLabel, whyNot: run ? whyNoWeights(run.summary) : null });
    }
    return { rows, missing };
  }, [sources, runs]);
  // The chosen baseline, or the first row when it has no scorecard (yet).
  const effectiveBaseline = rows.some((r) => r.source === baseline) ? baseline : (rows[0]?.source ?? null);
  const table = useMemo(() => compareTable(rows, effectiveBaseline), [rows, effectiveBaseline]);
  // Runs that differ only by seed are one row (mean over seeds, paired Δ) unless the reader asks to see them apart.
  const seeded = useMemo(() => rows.map((row) => ({ row, config: row.source === 'base' ? null : (runById(runs, row.source)?.summary.config ?? null) })), [rows, runs]);
  const canGroup = useMemo(() => hasSeedGroups(seeded), [seeded]);
  const bySeed = useMemo(() => (canGroup && !seedsApart ? seedTable(seeded, effectiveBaseline) : null), [canGroup, seedsApart, seeded, effectiveBaseline]);
  const markdown = useMemo(
    () =>
      bySeed
        ? toMarkdown(seedMarkdown(bySeed), ['l', 'r', ...bySeed.columns.map(() => 'r' as const), ...bySeed.groups.map(() => 'r' as const)])
        : toMarkdown(compareMarkdown(table), ['l', ...table.columns.map(() => 'r' as const), ...table.groups.map(() => 'r' as const)]),
    [table, bySeed],
  );

  return (
    <section className="card compare" aria-labelledby="compare-title" data-testid="compare-panel">
      <div className="card-head">
        <h2 id="compare-title">Compare runs (Table 1)</h2>
        <div className="button-row">
          <label className="inline-control">
            Δ against
            <select value={(bySeed ? bySeed.reference : effectiveBaseline) ?? 'base'} onChange={(e) => setBaseline(e.target.value)} data-testid="compare-baseline">
              {bySeed
                ? bySeed.rows.map((r) => (
                    <option key={r.key} value={r.key}>
                      {r.label} · {seedsText(r.seeds)}
                    </option>
                  ))
                : rows.map((r) => (
                    <option key={r.source} value={r.source}>
                      {r.label}
                    </option>
                  ))}
              {rows.length === 0 && <option value="base">Orig</option>}
            </select>
          </label>
          <button type="button" className="small ghost" disabled={rows.length === 0} onClick={() => saveText(toCsv(bySeed ? seedCsv(bySeed) : compareCsv(table)), 'scorecard.csv', 'text/csv')} data-testid="compare-csv">
            CSV
          </button>
          <button type="button" className="small ghost" disabled={rows.length === 0} onClick={() => saveText(markdown, 'scorecard.md', 'text/markdown')} data-testid="compare-md">
            Markdown
          </button>
          <button
            type="button"
            className="small ghost"
            disabled={rows.length === 0}
            onClick={() => {
              void copyText(markdown).then(setCopied);
            }}
          >
            {copied?.copied ? 'Copied' : 'Copy markdown'}
          </button>
        </div>
      </div>
      {copied && !copied.copied && (
        <p className="field-error" role="alert" data-testid="compare-copy-error">
          {copied.why}: use Markdown to save the table as a file instead.
        </p>
      )}
      <p className="facts">
        Pass@1 (%) of each policy on reasoning (in-domain), fitness (a shorter length cap, and the training set), generalisation (out-of-domain) and robustness (N1 / N2 distractor
        prompts). <b>Bold</b> is the best in a column, <u>underlined</u> the second; the small arrow is the paper's subscript: the change against the clean, uncapped column; the bracket the
        bootstrap interval; Δ the difference from the chosen row.
      </p>
      <div className="pick-runs">
        <span className="facts">Rows: Orig and the ticked runs —</span>
        {runList(runs).map((r) => (
          <label key={r.summary.runId} className="check-label small-text">
            <input type="checkbox" checked={shownIds.includes(r.summary.runId)} onChange={(e) => toggleRun(r.summary.runId, e.target.checked)} /> {r.summary.label || r.summary.runId}
          </label>
        ))}
        {canGroup && (
          <label className="check-label small-text">
            <input type="checkbox" checked={seedsApart} onChange={(e) => patchView({ seedsApart: e.target.checked })} data-testid="seeds-apart" /> Show seeds apart
          </label>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="placeholder" data-testid="compare-empty">
          No scorecards yet. Run one below, or run a preset (its arms end with a scorecard).
        </p>
      ) : bySeed ? (
        <div className="table-scroll">
          <SeedGroupTable table={bySeed} />
        </div>
      ) : (
        <div className="table-scroll">
          <table className="scorecard" data-testid="scorecard-table">
            <caption className="visually-hidden">Scorecard of the selected runs, Pass@1 in percent</caption>
            <ScorecardHead columns={table.columns} groups={table.groups} />
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.source} data-testid="scorecard-row">
                  <th scope="row">{r.label}</th>
                  {table.groups.flatMap((g) =>
                    table.columns.flatMap((c, j) => {
                      if (c.group !== g) return [];
                      const cell = r.cells[j];
                      if (!cell) return [<td key={c.key}>—</td>];
                      return [
                        <td key={c.key} className={`num mark-${cell.mark ?? 'none'}`}>
                          <span className="score-value">{f2(cell.pass1)}</span>
                          {cell.columnDelta !== null && <sub className={cell.columnDelta < 0 ? 'down' : 'up'}>{formatDelta(cell.columnDelta * 100)}</sub>}
                          {cell.ci ? (
                            <div className="ci" title={`bootstrap interval ${f2(cell.ci[0])} to ${f2(cell.ci[1])}`}>
                              [{f1(cell.ci[0])}, {f1(cell.ci[1])}]
                            </div>
                          ) : (
                            <div className="ci" title={`No interval: one run per problem has no spread (${NEEDS_RUNS}).`} data-testid="ci-undefined">
                              [—]
                            </div>
                          )}
                          <ReadoutLines readouts={cell.readouts} />
                          {cell.vsBaseline !== null && (
                            <div className={`delta ${cell.vsBaseline < 0 ? 'down' : cell.vsBaseline > 0 ? 'up' : ''}`}>
                              Δ {cell.vsBaseline >= 0 ? '+' : ''}
                              {f2(cell.vsBaseline)}
                            </div>
                          )}
                        </td>,
                      ];
                    }),
                  )}
                  <AverageCells groups={table.groups} averages={r.groupAverages} />
                </tr>
              ))}
            </tbody>
          </table>
          {table.rows.some((r) => r.cells.some((c) => c !== null && !c.ci)) && (
            <p className="facts small-text" data-testid="ci-undefined-note">
              [—]: no interval, one run per problem has no spread ({NEEDS_RUNS}).
            </p>
          )}
          {table.rows.some((r) => r.cells.some((c) => c !== null && (c.readouts.passAtK !== null || c.readouts.entropy !== null))) && (
            <p className="facts small-text" data-testid="readouts-note">
              {READOUTS_NOTE}
            </p>
          )}
        </div>
      )}
      {missing.length > 0 && (
        <div className="missing-scorecards">
          <span className="facts">Without a scorecard:</span>
          <label className="inline-control">
            runs per problem
            <input type="number" min={1} max={64} value={scRuns} data-testid="score-runs" onChange={(e) => setScRuns(Math.max(1, Math.min(64, Math.round(Number(e.target.value) || 1))))} />
          </label>
          <fieldset className="inline-fieldset">
            <legend className="visually-hidden">Column groups to score</legend>
            {SCORECARD_GROUPS.map((g) => (
              <label key={g} className="check-label small-text">
                <input type="checkbox" checked={scGroups.includes(g)} onChange={(e) => setScGroups((prev) => (e.target.checked ? [...prev, g] : prev.filter((x) => x !== g)))} data-testid={`score-group-${g}`} /> {g}
              </label>
            ))}
          </fieldset>
          {missing.map((m) =>
            m.whyNot ? (
              <span key={m.id} className="facts" data-testid="cannot-score">
                {m.label}: {m.whyNot}.
              </span>
            ) : (
            <button
              key={m.id}
              type="button"
              className="small ghost"
              disabled={!client || busy || scGroups.length === 0}
              onClick={() => void runStudy({ kind: 'scorecard', runs: scRuns, resamples: 200, groups: SCORECARD_GROUPS.filter((g) => scGroups.includes(g)) }, m.id, `${m.label}: scorecard`)}
            >
              Score {m.label}
            </button>
            ),
          )}
        </div>
      )}
      <StudyStatus testId="compare-study-progress" />
    </section>
  );
}
