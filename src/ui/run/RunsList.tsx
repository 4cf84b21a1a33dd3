import { Fragment, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { readRunFile } from '../run-file';
import { useLabClient } from '../lab-access';
import { useView } from '../view-store';
import { runColors } from '../palette';
import { saveText } from '../charts/export-image';
import { fileSlug } from '../charts/table-export';
import { drivenHere, runList, useRuns } from './runs-store';
import { keptNote, whyNoSamples } from './run-facts';
import { trainsInAnotherTab } from './other-tabs';
import { messageOf } from '../../core/errors';
import { RunEditor } from './RunEditor';
import { ConfigDiff } from './ConfigDiff';
import { cloneIntoForm } from '../form/clone';
import { configEntries, DEFAULT_SORT, differingKeys, filterRuns, nextSort, sortRuns, type Sort, type SortKey } from './runs-table';
import './runs-table.css';

/** At most this many config columns: the knobs that differ first, in schema order. */
const MAX_CONFIG_COLUMNS = 8;

/** A column header that sorts the table: press (or Enter/Space) for ascending, again for descending. */
function SortHeader({ label, sortKey, sort, onSort, className }: { label: string; sortKey: SortKey; sort: Sort; onSort: (k: SortKey) => void; className?: string }) {
  const on = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)} data-testid={`sort-${sortKey}`}>
        {label}
        <span aria-hidden="true">{on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** Every stored run: tick to overlay in the charts and compare; inspect, export, delete; import a run file. */
export function RunsList() {
  const runs = useRuns((s) => s.runs);
  // The runs this tab's lab workers train: a preset job's arms, besides the active run.
  const hereIds = useRuns(useShallow((s) => [...drivenHere(s)]));
  const here = useMemo(() => new Set(hereIds), [hereIds]);
  const shown = useView((s) => s.view.runs);
  const toggleRun = useView((s) => s.toggleRun);
  const patchView = useView((s) => s.patchView);
  const patchInspect = useView((s) => s.patchInspect);
  const { loadRun, deleteRun, importRun, resumeStored } = useRuns.getState();
  const client = useLabClient();
  const file = useRef<HTMLInputElement>(null);
  // Shown next to Import: what the last import did, an error until a later import succeeds.
  const [importMessage, setImportMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const colors = runColors(shown);
  const list = runList(runs);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [diffOpen, setDiffOpen] = useState(false);
  const rows = useMemo(() => sortRuns(filterRuns(list.map((r) => r.summary), filter), sort), [list, filter, sort]);
  const configKeys = useMemo(() => differingKeys(rows.map((r) => r.config)).slice(0, MAX_CONFIG_COLUMNS), [rows]);
  const columns = 6 + configKeys.length;
  const ticked = shown.flatMap((id) => (Object.hasOwn(runs, id) ? [runs[id].summary] : []));
  const whyNoDiff = ticked.length !== 2 ? `Tick two runs to diff their configs (${ticked.length} ticked)` : undefined;
  const busyElsewhere = list.some((r) => trainsInAnotherTab(r.summary, here));

  async function onFile(f: File | undefined) {
    if (!f) return;
    setImportMessage(null);
    let text: string;
    try {
      text = await readRunFile(f);
    } catch (e) {
      setImportMessage({ ok: false, text: `${messageOf(e)}. Nothing was imported.` });
      return;
    } finally {
      if (file.current) file.current.value = '';
    }
    // The worker validates the file (format, version, schema, size) and changes nothing when it is invalid.
    try {
      const summary = await importRun(text);
      setImportMessage({ ok: true, text: `Imported ${summary.label || summary.runId}.` });
    } catch (e) {
      setImportMessage({ ok: false, text: `The file was not imported: ${messageOf(e)}. Nothing was stored.` });
    }
  }

  async function exportRun(runId: string) {
    if (!client) return;
    const data = await client.exportRun(runId);
    saveText(JSON.stringify(data, null, 1), `${fileSlug(data.run.label || runId)}.grpo-run.json`, 'application/json');
  }

  return (
    // id="runs": the skip link's target (tabIndex -1: focusable by it, not a Tab stop).
    <section className="card runs-list" id="runs" tabIndex={-1} aria-labelledby="runs-title" data-testid="runs-list">
      <div className="card-head">
        <h2 id="runs-title">Runs</h2>
        <div className="button-row">
          <input ref={file} type="file" accept="application/json,.json" className="visually-hidden" tabIndex={-1} aria-label="Run file to import" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="import-input" />
          <button type="button" className="small ghost" onClick={() => file.current?.click()} disabled={!client}>
            Import run…
          </button>
        </div>
      </div>
      {importMessage && (
        <p className={importMessage.ok ? 'facts' : 'field-error'} role={importMessage.ok ? 'status' : 'alert'} data-testid="import-message" data-ok={importMessage.ok}>
          {importMessage.text}
        </p>
      )}
      {list.length > 0 && (
        <div className="runs-toolbar">
          <label>
            Filter
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, notes, status or knob=value" aria-describedby="runs-count" data-testid="runs-filter" />
          </label>
          <span id="runs-count" className="facts" data-testid="runs-count">
            {rows.length} of {list.length} run{list.length > 1 ? 's' : ''}
            {configKeys.length > 0 && ` · columns for the ${configKeys.length} knob${configKeys.length > 1 ? 's' : ''} that differ`}
          </span>
          <button type="button" className="small ghost" aria-expanded={diffOpen && !whyNoDiff} disabled={whyNoDiff !== undefined} title={whyNoDiff} onClick={() => setDiffOpen((o) => !o)} data-testid="diff-runs">
            {diffOpen && !whyNoDiff ? 'Hide diff' : 'Diff ticked'}
          </button>
        </div>
      )}
      {diffOpen && !whyNoDiff && <ConfigDiff a={ticked[0]} b={ticked[1]} />}
      {list.length === 0 ? (
        <p className="facts">No runs stored in this browser yet.</p>
      ) : rows.length === 0 ? (
        <p className="facts" data-testid="runs-none-match">
          No run matches “{filter}”.
        </p>
      ) : (
        <div className="runs-scroll">
        <table className="runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Show</th>
              <SortHeader label="Run" sortKey="label" sort={sort} onSort={(k) => setSort(nextSort(sort, k))} />
              <SortHeader label="Status" sortKey="status" sort={sort} onSort={(k) => setSort(nextSort(sort, k))} />
              <SortHeader label="Steps" sortKey="steps" sort={sort} onSort={(k) => setSort(nextSort(sort, k))} />
              {configKeys.map((k) => (
                <SortHeader key={k} label={k} sortKey={`config:${k}`} sort={sort} onSort={(key) => setSort(nextSort(sort, key))} className="config-col" />
              ))}
              <th scope="col">Backend</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const i = shown.indexOf(r.runId);
              const elsewhere = trainsInAnotherTab(r, here);
              const whyNoDelete = here.has(r.runId) ? 'It is training in this tab: stop it first' : elsewhere ? 'It is training in another tab: stop it there first' : undefined;
              const whyNoResume = !client ? 'The lab is not ready yet' : here.size > 0 ? 'A run is going in this tab (one at a time)' : busyElsewhere ? 'A run is training in another tab (one at a time)' : undefined;
              return (
                <Fragment key={r.runId}>
                <tr data-testid="run-row" data-run-id={r.runId} data-imported={r.imported === true}>
                  <td>
                    <input
                      type="checkbox"
                      checked={i >= 0}
                      onChange={(e) => {
                        toggleRun(r.runId, e.target.checked);
                        if (e.target.checked && !runs[r.runId]?.loaded) void loadRun(r.runId);
                      }}
                      aria-label={`Show ${r.label || r.runId} in the charts`}
                    />
                    {i >= 0 && <span className="swatch" style={{ background: colors.get(r.runId) }} aria-hidden="true" />}
                  </td>
                  <td>
                    <div className="run-name">
                      {r.label || r.runId}
                      {r.imported && (
                        <span className="tag" title="Imported from a run file: its metrics and studies, no weights and no samples" data-testid="imported-tag">
                          imported
                        </span>
                      )}
                    </div>
                    <div className="muted small-text mono">{r.runId}</div>
                    {r.notes && (
                      <div className="run-notes small-text" title={r.notes} data-testid="run-notes">
                        {r.notes}
                      </div>
                    )}
                  </td>
                  <td>
                    <span className={`status status-${r.status}`} data-testid="run-row-status">
                      {here.has(r.runId) ? 'running' : elsewhere ? `${r.status} in another tab` : r.status}
                    </span>
                    {r.error && <div className="muted small-text">{r.error}</div>}
                    {keptNote(r) && (
                      <div className="muted small-text" data-testid="run-kept">
                        {keptNote(r)}
                      </div>
                    )}
                  </td>
                  <td className="num">
                    {r.step} / {r.totalSteps}
                  </td>
                  {configKeys.map((k) => (
                    <td key={k} className="mono small-text config-col" data-testid="config-cell" data-key={k}>
                      {configEntries(r.config).get(k)}
                    </td>
                  ))}
                  <td className="mono small-text">{r.backend.name}</td>
                  <td className="actions">
                    {(r.status === 'interrupted' || r.status === 'stopped') && r.checkpointStep > 0 && r.step < r.totalSteps && !here.has(r.runId) && (
                      <button type="button" className="small" onClick={() => void resumeStored(r.runId)} disabled={whyNoResume !== undefined} title={whyNoResume} data-testid="resume-run">
                        Resume from step {r.checkpointStep}
                      </button>
                    )}
                    <button
                      type="button"
                      className="small ghost"
                      onClick={() => {
                        patchInspect({ run: r.runId, step: r.step || null, sample: null, token: null });
                        patchView({ view: 'samples' });
                      }}
                      disabled={whyNoSamples(r) !== null}
                      title={whyNoSamples(r) ?? undefined}
                      data-testid="inspect-run"
                    >
                      Inspect
                    </button>
                    <button type="button" className="small ghost" onClick={() => setEditing(editing === r.runId ? null : r.runId)} disabled={!client} aria-expanded={editing === r.runId} aria-label={`Rename ${r.label || r.runId} or edit its notes`} data-testid="edit-run">
                      Rename
                    </button>
                    <button type="button" className="small ghost" onClick={() => cloneIntoForm(r.config)} aria-label={`Clone ${r.label || r.runId} into the form`} title="Loads this run's config into the Experiment form" data-testid="clone-run">
                      Clone
                    </button>
                    <button type="button" className="small ghost" onClick={() => void exportRun(r.runId)} disabled={!client} aria-label={`Export ${r.label || r.runId} as JSON`}>
                      Export
                    </button>
                    <button type="button" className="small ghost danger-text" onClick={() => setConfirmDelete(r.runId)} disabled={whyNoDelete !== undefined} title={whyNoDelete} aria-label={`Delete ${r.label || r.runId}`} data-testid="delete-run">
                      Delete
                    </button>
                  </td>
                </tr>
                {editing === r.runId && <RunEditor run={r} colSpan={columns} onDone={() => setEditing(null)} />}
                {confirmDelete === r.runId && (
                  <tr className="confirm-row" data-testid="confirm-delete-row">
                    <td colSpan={columns}>
                      <span role="alert">Delete “{r.label || r.runId}” and everything stored with it (steps, samples, checkpoints, studies)? There is no undo; Export keeps a copy.</span>{' '}
                      <button
                        type="button"
                        className="small danger"
                        autoFocus
                        data-testid="confirm-delete"
                        onClick={() => {
                          setConfirmDelete(null);
                          void deleteRun(r.runId);
                        }}
                      >
                        Delete
                      </button>{' '}
                      <button type="button" className="small ghost" onClick={() => setConfirmDelete(null)}>
                        Cancel
                      </button>
                    </td>
                  </tr>
                )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
