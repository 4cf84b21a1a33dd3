import { useState } from 'react';
import type { RunSummary } from '../../../workers/api';
import { useRuns } from './runs-store';

/** The edit row of the runs table: the run's name and notes, saved to the worker's store with the run. Escape cancels. */
export function RunEditor({ run, colSpan, onDone }: { run: RunSummary; colSpan: number; onDone: () => void }) {
  const annotateRun = useRuns((s) => s.annotateRun);
  const [label, setLabel] = useState(run.label);
  const [notes, setNotes] = useState(run.notes ?? '');
  const [saving, setSaving] = useState(false);
  async function save() {
    setSaving(true);
    const ok = await annotateRun(run.runId, { label, notes });
    setSaving(false);
    if (ok) onDone();
  }
  return (
    <tr className="edit-row" data-testid="run-edit-row">
      <td colSpan={colSpan}>
        <form
          className="run-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onDone();
          }}
        >
          <label>
            Name
            <input type="text" value={label} maxLength={120} autoFocus onChange={(e) => setLabel(e.target.value)} data-testid="run-edit-label" />
          </label>
          <label>
            Notes
            <textarea value={notes} maxLength={2000} rows={2} onChange={(e) => setNotes(e.target.value)} placeholder="What this run tries, what came of it" data-testid="run-edit-notes" />
          </label>
          <span className="button-row">
            <button type="submit" className="small" disabled={saving} data-testid="run-edit-save">
              Save
            </button>
            <button type="button" className="small ghost" onClick={onDone}>
              Cancel
            </button>
          </span>
        </form>
      </td>
    </tr>
  );
}
