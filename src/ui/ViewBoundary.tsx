import { Component, type ErrorInfo, type ReactNode } from 'react';
import { messageOf } from '../core/errors';
import { useRuns } from './run/runs-store';
import { useView } from './view-store';

/**
 * One view that failed to draw, most likely because of a stored record it could not read (a run
 * imported before its reports were checked, storage changed by hand). The header, the tabs and the
 * other views keep working; this view says what failed and offers to hide or delete the runs it
 * shows, the usual suspects, then to draw again.
 */
export class ViewBoundary extends Component<{ view: string; children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`the ${this.props.view} view failed to draw`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return <ViewFailure view={this.props.view} error={this.state.error} retry={() => this.setState({ error: null })} />;
  }
}

function ViewFailure({ view, error, retry }: { view: string; error: unknown; retry: () => void }) {
  const shown = useView((s) => s.view.runs);
  const toggleRun = useView((s) => s.toggleRun);
  const runs = useRuns((s) => s.runs);
  const deleteRun = useRuns((s) => s.deleteRun);
  return (
    <section className="card error-panel" role="alert" data-testid="view-error">
      <h2>This view could not be drawn</h2>
      <p className="error-message">
        The {view} view stopped on: {messageOf(error)}
      </p>
      {shown.length > 0 && (
        <>
          <p className="facts">It shows these runs; a stored record it cannot read is the likely cause. Hide or delete one, then draw again. The other tabs still work.</p>
          <ul className="view-error-runs">
            {shown.map((id) => (
              <li key={id}>
                {runs[id]?.summary.label || id} <code>{id}</code>{' '}
                <button type="button" className="small ghost" onClick={() => {
                    toggleRun(id, false);
                    retry();
                  }} data-testid={`view-error-hide-${id}`}>
                  Hide
                </button>{' '}
                <button type="button" className="small ghost danger-text" onClick={() => void deleteRun(id).then(retry, retry)} data-testid={`view-error-delete-${id}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="small" onClick={retry} data-testid="view-error-retry">
        Draw again
      </button>
    </section>
  );
}
