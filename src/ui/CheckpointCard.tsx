import { useLab } from './store';
import './checkpoint-card.css';

const MAX_PROVENANCE_ENTRIES = 8;
const MAX_PROVENANCE_CHARS = 80;

/** One line per provenance entry: long values (a learning curve, say) are cut, not dumped. */
function provenanceText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_PROVENANCE_CHARS ? `${text.slice(0, MAX_PROVENANCE_CHARS - 1)}…` : text;
}

/** The loaded policy: its shape and where its weights came from. */
export function CheckpointCard() {
  const checkpoint = useLab((s) => s.checkpoint);
  if (!checkpoint) return null;
  const c = checkpoint.modelConfig;
  const path = new URL(checkpoint.url).pathname;
  const provenance = Object.entries(checkpoint.provenance).slice(0, MAX_PROVENANCE_ENTRIES);
  return (
    <section className="card checkpoint" data-testid="checkpoint">
      <h2>
        Policy <code>{path}</code>
      </h2>
      <p className="facts">
        {c.nLayer} layers · width {c.dModel} · {c.nHead} heads · MLP {c.dFF} · vocabulary {c.vocabSize} · context {c.contextLength} ·{' '}
        {checkpoint.parameterCount.toLocaleString('en-US')} parameters
      </p>
      {provenance.length > 0 && (
        <dl className="provenance">
          {provenance.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd title={typeof v === 'string' ? v : JSON.stringify(v)}>{provenanceText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
