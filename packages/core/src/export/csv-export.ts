import Papa from "papaparse";
import type { QueryResult } from "../engine/sql-engine.js";
import type { Json } from "../model/common.js";

/** The media type of the CSV {@link exportCsv} writes. */
export const csvMediaType = "text/csv; charset=utf-8";

/** Options of {@link exportCsv}. */
export interface CsvExportOptions {
  /**
   * Start with a UTF-8 byte order mark (default `true`). Excel needs it to read UTF-8 (without it,
   * "Zürich" opens as "ZÃ¼rich"); PapaParse, pandas, DuckDB and most other readers skip it. Turn it off
   * for programs that do not.
   */
  bom?: boolean;
  /** Line ending (default `"\r\n"`, as RFC 4180 and Excel expect). Line breaks inside values are kept. */
  newline?: "\r\n" | "\n";
  /**
   * Prefix `'` to text that a spreadsheet would read as a formula (default `true`), see {@link exportCsv}.
   * Turn it off only when the CSV goes to a program, never to a spreadsheet.
   */
  formulaGuard?: boolean;
}

/**
 * Text a spreadsheet would evaluate: starting with `=`, `+`, `-`, `@`, tab or carriage return (OWASP's list
 * for CSV injection), unless the whole text is a plain number such as `-3.5`, `+1e6` or `-Infinity`: those
 * are the values of numeric columns (big integers arrive as strings) and a spreadsheet reads them as numbers.
 */
const formulaLike = /^(?![-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|[-+]?Infinity$)[=+\-@\t\r]/;

/**
 * A query result as CSV text, written with PapaParse's `unparse`.
 *
 * - A header row of column names, then one line per row; fields are quoted only when needed (a comma, a
 *   quote, a line break, or leading/trailing spaces), and empty strings are quoted (`""`) so that readers
 *   which tell them apart (DuckDB, for one) can distinguish them from nulls, which are empty fields.
 * - Values are written as in the JSON result: numbers as JavaScript prints them, booleans `true`/`false`,
 *   dates and timestamps as their ISO text, big integers with all their digits, lists and structs as JSON.
 * - Formula-injection guard (on by default): text that starts with `=`, `+`, `-`, `@`, tab or CR gets a
 *   leading `'` so a spreadsheet shows it instead of evaluating it. Numbers, including negative ones and
 *   numeric strings such as big integers, are never prefixed. The guard applies to header names too.
 * - CRLF line endings and a UTF-8 BOM by default, for Excel; see {@link CsvExportOptions}. There is no line
 *   end after the last row, as PapaParse writes it: a reader then never sees a phantom empty last row.
 *
 * The string is the whole file; encode it as UTF-8 (e.g. `new TextEncoder().encode(csv)`) to store it.
 */
export function exportCsv(result: QueryResult, options: CsvExportOptions = {}): string {
  const { bom = true, newline = "\r\n", formulaGuard = true } = options;
  const csv = Papa.unparse(
    {
      fields: result.columns.map((column) => column.name),
      data: result.rows.map((row) => row.map(csvValue)),
    },
    {
      newline,
      quotes: (value: unknown) => value === "",
      escapeFormulae: formulaGuard ? formulaLike : false,
      header: true,
    },
  );
  // With no rows PapaParse still ends the header line; drop that, so every file ends at its last record.
  const body = csv.endsWith(newline) ? csv.slice(0, -newline.length) : csv;
  return bom ? `\uFEFF${body}` : body;
}

/** Scalars stay as they are so PapaParse can tell numbers (never guarded) from text; structures become JSON. */
function csvValue(value: Json | undefined): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  return typeof value === "object" ? JSON.stringify(value) : value;
}
