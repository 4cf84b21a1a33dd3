import 'virtual:palette.css';
import './app.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useLab } from './store';
import { BackendBadge } from './BackendBadge';
import { ProgressSteps } from './ProgressSteps';
import { ErrorPanel } from './ErrorPanel';
import { ViewBoundary } from './ViewBoundary';
import { CheckpointCard } from './CheckpointCard';
import { SamplesPanel } from './SamplesPanel';
import { ExperimentPanel } from './form/ExperimentPanel';
import { RunControl } from './run/RunControl';
import { RunsList } from './run/RunsList';
import { TrainingCharts } from './charts/TrainingCharts';
import { EvaluationPanel } from './eval/EvaluationPanel';
import { ComparePanel } from './compare/ComparePanel';
import { ClassroomView } from './classroom/ClassroomView';
import { SamplesInspector } from './inspector/SamplesInspector';
import { syncUrl, useHidden, useView } from './view-store';
import { CopyLink } from './CopyLink';
import { VIEWS, type ViewId } from './url-state';

const VIEW_TITLES: Record<ViewId, string> = {
  train: 'Experiment',
  eval: 'Evaluation',
  compare: 'Compare',
  classroom: 'Classroom',
  samples: 'Samples',
};

/** Problems with the link the page was opened with: named, never fatal. */
function UrlProblems() {
  const problems = useView((s) => s.urlProblems);
  const dismiss = useView((s) => s.dismissUrlProblems);
  if (problems.length === 0) return null;
  return (
    <section className="url-problems" role="alert" data-testid="url-problems">
      <div>
        <h2>Some settings in this link could not be used</h2>
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <p className="facts">The rest of the link applies; invalid knob values are shown, with what is wrong, next to their fields.</p>
      </div>
      <button type="button" className="small ghost" onClick={dismiss}>
        Dismiss
      </button>
    </section>
  );
}

function Tabs() {
  const view = useView((s) => s.view.view);
  const setView = useView((s) => s.setView);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKey(e: KeyboardEvent, i: number) {
    const by = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!by) return;
    e.preventDefault();
    const next = (i + by + VIEWS.length) % VIEWS.length;
    setView(VIEWS[next]);
    refs.current[next]?.focus();
  }
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v, i) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${v}`}
          aria-selected={view === v}
          aria-controls="view-panel"
          tabIndex={view === v ? 0 : -1}
          className={view === v ? 'tab on' : 'tab'}
          onClick={() => setView(v)}
          onKeyDown={(e) => onKey(e, i)}
          data-testid={`tab-${v}`}
        >
          {VIEW_TITLES[v]}
        </button>
      ))}
    </nav>
  );
}

/** The page's first Tab stop: past the form and the charts to the runs table (on the Experiment view). */
function SkipToRuns() {
  const setView = useView((s) => s.setView);
  return (
    <a
      className="skip-link"
      href="#runs"
      data-testid="skip-to-runs"
      onClick={(e) => {
        e.preventDefault();
        setView('train');
        // The Experiment view may have to mount first.
        requestAnimationFrame(() => document.getElementById('runs')?.focus());
      }}
    >
      Skip to Runs
    </a>
  );
}

function ViewBody({ view }: { view: ViewId }) {
  switch (view) {
    case 'train':
      return (
        <>
          <div className="lab-grid">
            <ExperimentPanel />
            <div className="lab-main">
              <RunControl />
              <TrainingCharts />
              <RunsList />
            </div>
          </div>
          <CheckpointCard />
          <SamplesPanel />
        </>
      );
    case 'eval':
      return <EvaluationPanel />;
    case 'compare':
      return <ComparePanel />;
    case 'classroom':
      return <ClassroomView />;
    case 'samples':
      return <SamplesInspector />;
  }
}

export function App() {
  const start = useLab((s) => s.start);
  const view = useView((s) => s.view.view);
  const projector = useView((s) => s.view.view === 'classroom' && s.view.classroom.projector);
  const hideTabs = useHidden('tabs');
  useEffect(() => {
    void start(window.location.search, window.location.origin);
  }, [start]);
  useEffect(() => syncUrl(), []);

  return (
    <div className={`app view-${view}${projector ? ' projector-mode' : ''}`}>
      <SkipToRuns />
      <header className="app-header">
        <div className="brand">
          <h1>GRPO Lab</h1>
          <p className="tagline">Train a tiny transformer policy with GRPO, in this tab.</p>
        </div>
        <div className="header-side">
          <CopyLink />
          <BackendBadge />
        </div>
      </header>
      <UrlProblems />
      {!hideTabs && <Tabs />}
      <main id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`}>
        <ProgressSteps />
        <ErrorPanel />
        <ViewBoundary key={view} view={VIEW_TITLES[view]}>
          <ViewBody view={view} />
        </ViewBoundary>
      </main>
      <footer className="app-footer">Everything runs in your browser, in a Web Worker. Nothing is sent anywhere.</footer>
    </div>
  );
}
