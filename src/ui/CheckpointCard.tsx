import { useLab } from './store';

function provenanceText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The loaded policy: its shape and where its weights came from. */
export function CheckpointCard() {
  const checkpoint = useLab((s) => s.checkpoint);
  if (!checkpoint) return null;
  const c = checkpoint.modelConfig;
  const path = new URL(checkpoint.url).pathname;
  const provenance = Object.entries(checkpoint.provenance);
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
              <dd>{provenanceText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
