import type { Sample } from '../../workers/api';
import { FIRST_PAGE_SAMPLING, useLab } from './store';
import './samples-panel.css';

/** A few problems of the suite, the policy's completions and the verifier's verdicts. */
export function SamplesPanel() {
  const samples = useLab((s) => s.samples);
  const seed = useLab((s) => s.sampleSeed);
  const ms = useLab((s) => s.sampleMs);
  const phase = useLab((s) => s.phase);
  const error = useLab((s) => s.error);
  const sampleAgain = useLab((s) => s.sampleAgain);
  const checkpointLoaded = useLab((s) => s.checkpoint !== null);
  if (!checkpointLoaded) return null;

  const busy = phase === 'sampling' && error === null;
  const correct = samples.filter((s) => s.correct).length;
  const { suite, temperature, topP, maxNewTokens } = FIRST_PAGE_SAMPLING;

  return (
    <section className="card samples" aria-busy={busy} data-testid="samples">
      <div className="samples-head">
        <div>
          <h2>Samples</h2>
          <p className="facts">
            suite <code>{suite}</code> · temperature {temperature} · top-p {topP} · at most {maxNewTokens} tokens · seed {seed}
          </p>
        </div>
        <div className="samples-actions">
          {samples.length > 0 && (
            <span className="score" data-testid="score">
              {correct} / {samples.length} correct{ms !== null && !busy ? ` · ${(ms / 1000).toFixed(1)} s` : ''}
            </span>
          )}
          <button type="button" onClick={() => void sampleAgain()} disabled={busy}>
            {busy ? 'Sampling…' : 'Sample again'}
          </button>
        </div>
      </div>
      <p className="explainer">
        Each problem is a chain of one-digit operations modulo 10. The policy writes its steps and puts its answer in{' '}
        <code>\boxed{'{…}'}</code>; the rule-based verifier checks that answer against the ground truth.
      </p>
      {samples.length === 0 && busy && <p className="placeholder">The policy is writing its answers…</p>}
      <div className={`sample-grid${busy && samples.length > 0 ? ' stale' : ''}`}>
        {samples.map((s, i) => (
          <SampleCard key={`${seed}-${i}`} sample={s} />
        ))}
      </div>
    </section>
  );
}

function SampleCard({ sample }: { sample: Sample }) {
  return (
    <article className="sample" data-testid="sample" data-correct={sample.correct}>
      <div className="sample-meta">
        <span className={`verdict ${sample.correct ? 'correct' : 'wrong'}`} data-testid="verdict">
          {sample.correct ? '✓ correct' : '✗ wrong'}
        </span>
        <span>expected {sample.answer}</span>
        <span data-testid="length">
          {sample.length} tokens{sample.finished ? '' : ' (cut)'}
        </span>
      </div>
      <pre className="prompt" data-testid="prompt">{sample.prompt.trimEnd()}</pre>
      <pre className="completion" data-testid="completion">{sample.text.trim().length > 0 ? sample.text : '(empty)'}</pre>
    </article>
  );
}
