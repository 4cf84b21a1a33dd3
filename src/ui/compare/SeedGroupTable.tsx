import { NEEDS_SEEDS } from '../../core/eval/seed-interval';
import { AverageCells, ScorecardHead } from './ScorecardHead';
import { f2 } from './scorecard-table';
import { ReadoutLines, READOUTS_NOTE } from './Readouts';
import { seedsText, type PairedCell, type SeedGroupCell, type SeedTable } from './seed-table';

const f1 = (x: number) => (x * 100).toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${f2(x)}`;

/** The paired Δ under a cell: the difference, its interval across the paired seeds and what it says about 0. */
function PairedDelta({ d, rowSeeds }: { d: PairedCell; rowSeeds: number }) {
  const cls = `delta ${d.reading === 'above 0' ? 'up' : d.reading === 'below 0' ? 'down' : ''}`;
  const left = [...d.unpaired.own, ...d.unpaired.reference];
  const pairs = `paired on seed${d.pairedSeeds.length === 1 ? '' : 's'} ${d.pairedSeeds.join(', ')}`;
  return (
    <div className={cls} data-testid="paired-delta" data-reading={d.reading ?? 'none'} title={`${pairs}${left.length ? `; without a partner: ${left.join(', ')}` : ''}; interval over ${d.method}`}>
      Δ {signed(d.mean)}{' '}
      {d.interval ? (
        <>
          [{signed(d.interval.lo)}, {signed(d.interval.hi)}] {d.reading === 'includes 0' ? 'includes 0' : `excludes 0 (${d.reading})`}
        </>
      ) : (
        <>[—]</>
      )}
      {(left.length > 0 || d.pairedSeeds.length < rowSeeds) && <div className="ci">{pairs}</div>}
    </div>
  );
}

function Cell({ cell, rowSeeds }: { cell: SeedGroupCell; rowSeeds: number | null }) {
  return (
    <td className={`num mark-${cell.mark ?? 'none'}`}>
      <span className="score-value">{f2(cell.mean)}</span>
      {cell.interval ? (
        <div className="ci" title={`95 % interval over ${cell.method}: ${f2(cell.interval.lo)} to ${f2(cell.interval.hi)}`}>
          [{f1(cell.interval.lo)}, {f1(cell.interval.hi)}]
        </div>
      ) : (
        <div className="ci" title={`No interval: ${rowSeeds === null ? 'the base checkpoint has no training seed' : NEEDS_SEEDS}.`} data-testid="seed-ci-undefined">
          [—]
        </div>
      )}
      {rowSeeds !== null && cell.seeds.length < rowSeeds && <div className="ci">{cell.seeds.length} of {rowSeeds} seeds</div>}
      <ReadoutLines readouts={cell.readouts} over="Mean over the seeds that scored the column" />
      {cell.vsReference && <PairedDelta d={cell.vsReference} rowSeeds={cell.seeds.length} />}
    </td>
  );
}

/** Table 1 with a row per seed group: the mean over seeds, its interval across seeds and the paired Δ against the reference row. */
export function SeedGroupTable({ table }: { table: SeedTable }) {
  return (
    <>
      <table className="scorecard" data-testid="scorecard-table" data-by-seed="true">
        <caption className="visually-hidden">Scorecard by seed group: Pass@1 in percent, the mean over training seeds</caption>
        <ScorecardHead columns={table.columns} groups={table.groups} />
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key} data-testid="seed-group-row">
              <th scope="row">
                {r.label}
                <div className="ci" data-testid="seed-count">
                  {seedsText(r.seeds)}
                </div>
                {r.repeated.length > 0 && <div className="ci">left out, repeating a seed: {r.repeated.join(', ')}</div>}
              </th>
              {table.groups.flatMap((g) =>
                table.columns.flatMap((c, j) => {
                  if (c.group !== g) return [];
                  const cell = r.cells[j];
                  return [cell ? <Cell key={c.key} cell={cell} rowSeeds={r.seeds?.length ?? null} /> : <td key={c.key}>—</td>];
                }),
              )}
              <AverageCells groups={table.groups} averages={r.groupAverages} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="facts small-text" data-testid="seed-table-note">
        Each row joins runs that differ only by their training seed. A cell is the mean over the seeds of the suite&apos;s Pass@1 with its 95 % interval across seeds and problems; [—]: one seed
        ({NEEDS_SEEDS}) or the base checkpoint. Δ is the paired difference from the chosen row, seed s against seed s (the base checkpoint against every seed), with its 95 % interval: it
        excludes 0 when the difference holds across seeds. Under a score, the mean over seeds of each readout. {READOUTS_NOTE}
      </p>
    </>
  );
}
