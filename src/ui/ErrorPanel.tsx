import { useLab } from './store';

export function ErrorPanel() {
  const error = useLab((s) => s.error);
  if (!error) return null;
  return (
    <section className="error-panel" role="alert" data-testid="error">
      <h2>{error.title}</h2>
      <p className="error-message">{error.message}</p>
    </section>
  );
}
