import { f2, type CompareColumn } from './scorecard-table';

/** Table 1's two header rows: the column groups over their suites' benchmark names, then the averages. */
export function ScorecardHead({ columns, groups }: { columns: readonly CompareColumn[]; groups: readonly string[] }) {
  return (
    <thead>
      <tr>
        <th rowSpan={2} scope="col">
          Model
        </th>
        {groups.map((g) => (
          <th key={g} scope="colgroup" colSpan={columns.filter((c) => c.group === g).length}>
            {g}
          </th>
        ))}
        <th scope="colgroup" colSpan={groups.length}>
          average
        </th>
      </tr>
      <tr>
        {groups.flatMap((g) =>
          columns
            .filter((c) => c.group === g)
            .map((c) => (
              <th key={c.key} scope="col" title={`suite ${c.key}`}>
                {c.analog}
              </th>
            )),
        )}
        {groups.map((g) => (
          <th key={g} scope="col" className="avg-head">
            {g}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A row's averages, one cell per column group in the header's order ('—' where none). */
export function AverageCells({ groups, averages }: { groups: readonly string[]; averages: Readonly<Record<string, number | null | undefined>> }) {
  return groups.map((g) => (
    <td key={g} className="num">
      {averages[g] == null ? '—' : f2(averages[g])}
    </td>
  ));
}
