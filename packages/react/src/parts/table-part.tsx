import type { TablePart as TablePartData } from "@quarry/core";
import { DataTable } from "../data-table.js";
import { formatCount } from "../format-value.js";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/**
 * A query result as a sortable table, with how many rows it has and whether some were left out. `label`
 * names the table for assistive technology (default "Result").
 */
export function TablePart({ part, label }: { part: TablePartData; label?: string }) {
  const strings = useStrings();
  const summary =
    part.truncated || part.rowCount > part.rows.length
      ? format(strings.rowsShown, { shown: formatCount(part.rows.length), total: formatCount(part.rowCount) })
      : format(strings.rowCount, { rows: formatCount(part.rowCount) });
  return (
    <figure className="quarry-result">
      <DataTable columns={part.columns} rows={part.rows} label={label ?? strings.resultTable} />
      <figcaption className="quarry-muted">{summary}</figcaption>
    </figure>
  );
}
