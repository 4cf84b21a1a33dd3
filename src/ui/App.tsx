import { useEffect } from 'react';
import { useLab } from './store';
import { BackendBadge } from './BackendBadge';
import { ProgressSteps } from './ProgressSteps';
import { ErrorPanel } from './ErrorPanel';
import { CheckpointCard } from './CheckpointCard';
import { SamplesPanel } from './SamplesPanel';

export function App() {
  const start = useLab((s) => s.start);
  useEffect(() => {
    void start(window.location.search, window.location.origin);
  }, [start]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>GRPO Lab</h1>
          <p className="tagline">Train a tiny transformer policy with GRPO, in this tab.</p>
        </div>
        <BackendBadge />
      </header>
      <main>
        <ProgressSteps />
        <ErrorPanel />
        <CheckpointCard />
        <SamplesPanel />
      </main>
      <footer className="app-footer">Everything runs in your browser, in a Web Worker. Nothing is sent anywhere.</footer>
    </div>
  );
}
