import type { Json } from "../model/common.js";
import type { Runner } from "../profile/profile-passes.js";
import { type RenamedColumn, uniqueColumnNames } from "./column-names.js";
import type { TextEncoding } from "./detect-format.js";
import { conversionErrorColumn, isConversionError, isUnicodeError } from "./duckdb-errors.js";
import { quoteLiteral } from "./sql-quote.js";

/** The dialect DuckDB's sniffer found. */
interface CsvDialect {
  delim: string;
  quote: string;
  escape: string;
  comment: string;
  skip: number;
  header: boolean;
  types: string[];
  dateFormat: string | null;
  timestampFormat: string | null;
}

/** How many columns may be retried as text one by one before the whole file is read as text. */
const maxTypeRetries = 20;

/** A sniffed CSV: its format, names and how to select it. */
export interface CsvPlan {
  format: "csv" | "tsv";
  renamed: RenamedColumn[];
  width: number;
  encoding: TextEncoding;
  /**
   * Gives the sink the file's `SELECT`, again with text columns where a sniffed type fails (each call
   * replaces what the last one wrote). Any other failure is thrown as DuckDB gave it, for the caller to word.
   */
  write(sink: (select: string) => Promise<void>): Promise<void>;
}

/**
 * Plans reading a CSV or TSV file with DuckDB's own reader, the same on a server and in DuckDB-WASM (only
 * the `all` that runs the SQL differs): the sniffer finds the dialect and types, header cells are read raw
 * and named by `uniqueColumnNames` (so DuckDB's own renaming, `a_1` or `column2`, never applies), and short
 * rows are padded with nulls. Errors are DuckDB's, unworded; a file that is not UTF-8 after all fails with
 * one `isUnicodeError` recognises, for the caller to plan again as Latin-1.
 */
export async function planCsv(all: Runner, path: string, encoding: TextEncoding): Promise<CsvPlan> {
  const dialect = await sniff(all, path, encoding);
  const header = dialect.header ? await rawHeader(all, path, encoding, dialect) : [];
  const width = dialect.types.length;
  const { names, renamed } = uniqueColumnNames(Array.from({ length: width }, (_, i) => header[i] ?? null));
  const options = readerOptions(path, encoding, dialect);
  return {
    format: dialect.delim === "\t" ? "tsv" : "csv",
    renamed,
    width,
    encoding,
    async write(sink) {
      const types = [...dialect.types];
      for (let attempt = 0; ; attempt++) {
        const allText = attempt > maxTypeRetries;
        const columns = names.map(
          (name, i) =>
            `${quoteLiteral(name)}: ${quoteLiteral(allText ? "VARCHAR" : (types[i] ?? "VARCHAR"))}`,
        );
        try {
          await sink(`SELECT * FROM read_csv(${options}, columns = {${columns.join(", ")}})`);
          return;
        } catch (error) {
          if (allText || isUnicodeError(error) || !isConversionError(error)) throw error;
          // The sniffer typed this column from a sample; read it as text (or everything, past the limit).
          const index = names.indexOf(conversionErrorColumn(error) ?? "");
          if (index >= 0 && types[index] !== "VARCHAR") types[index] = "VARCHAR";
          else attempt = maxTypeRetries;
        }
      }
    },
  };
}

async function sniff(all: Runner, path: string, encoding: TextEncoding): Promise<CsvDialect> {
  const { rows } = await all(
    `SELECT Delimiter, Quote, Escape, Comment, SkipRows, HasHeader, Columns, DateFormat, TimestampFormat
     FROM sniff_csv(${quoteLiteral(path)}, null_padding = true, encoding = ${quoteLiteral(encoding)})`,
  );
  const [delim, quote, escapeChar, comment, skip, header, columns, dateFormat, timestampFormat] =
    rows[0] ?? [];
  const option = (value: Json | undefined) => (typeof value === "string" && value !== "(empty)" ? value : "");
  const types = Array.isArray(columns)
    ? columns.map((c) =>
        c && typeof c === "object" && !Array.isArray(c) && typeof c.type === "string" ? c.type : "VARCHAR",
      )
    : [];
  if (types.length === 0) throw new Error("The sniffer found no columns.");
  return {
    delim: option(delim) || ",",
    quote: option(quote),
    escape: option(escapeChar),
    comment: option(comment),
    skip: typeof skip === "number" ? skip : 0,
    header: header === true,
    types,
    dateFormat: typeof dateFormat === "string" ? dateFormat : null,
    timestampFormat: typeof timestampFormat === "string" ? timestampFormat : null,
  };
}

/** The header row exactly as written (every cell as text, empty cells null). */
async function rawHeader(
  all: Runner,
  path: string,
  encoding: TextEncoding,
  dialect: CsvDialect,
): Promise<(string | null)[]> {
  const columns = dialect.types.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  // One buffer of the longest line DuckDB accepts anyway (2 MiB) instead of its default 32 MiB, which it
  // reads in parallel: 9 ms instead of 37 ms on the 101 MiB flights CSV.
  const { rows } = await all(
    `SELECT * FROM read_csv(${readerOptions(path, encoding, { ...dialect, header: false })}, columns = {${columns}}, buffer_size = 2097152) LIMIT 1`,
  );
  return (rows[0] ?? []).map((cell) => (typeof cell === "string" ? cell : null));
}

function readerOptions(path: string, encoding: TextEncoding, dialect: CsvDialect): string {
  const options = [
    quoteLiteral(path),
    "auto_detect = false",
    `header = ${dialect.header}`,
    `delim = ${quoteLiteral(dialect.delim)}`,
    `quote = ${quoteLiteral(dialect.quote)}`,
    `escape = ${quoteLiteral(dialect.escape)}`,
    `comment = ${quoteLiteral(dialect.comment)}`,
    `skip = ${dialect.skip}`,
    `encoding = ${quoteLiteral(encoding)}`,
    "null_padding = true",
  ];
  if (dialect.dateFormat) options.push(`dateformat = ${quoteLiteral(dialect.dateFormat)}`);
  if (dialect.timestampFormat) options.push(`timestampformat = ${quoteLiteral(dialect.timestampFormat)}`);
  return options.join(", ");
}
