import { readoutParts, type Readouts } from './scorecard-table';

/** What the two readouts under a score are, once: the cell's title and the note under the table say it. */
export const READOUTS_NOTE =
  'pass@k: the share of problems some of the k runs solved (k = the runs per problem); at equal Pass@1 a higher one is more diverse. H: the mean surprisal −log π of the sampled tokens in nats (the entropy of the tempered distribution at top-p 1); lower is more concentrated.';

/** A cell's readouts of "diffuse against concentrated", under its score; nothing where the column has none. */
export function ReadoutLines({ readouts, over }: { readouts: Readouts; over?: string }) {
  const p = readoutParts(readouts);
  if (!p.passAtK && !p.entropy) return null;
  return (
    <div className="ci readouts" data-testid="readouts" title={`${over ? `${over}. ` : ''}${READOUTS_NOTE}`}>
      {p.passAtK && <div data-testid="readout-pass-at-k">{p.passAtK}</div>}
      {p.entropy && <div data-testid="readout-entropy">{p.entropy}</div>}
    </div>
  );
}
