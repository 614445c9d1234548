/**
 * DuckDB keywords that are not "unreserved" (`duckdb_keywords()` of DuckDB 1.5): a table named like one of
 * these would need quoting in every query a model writes, so table names avoid them.
 */
const keywords = new Set(
  `all analyse analyze and anti any array as asc asof asymmetric at authorization between bigint binary bit
  boolean both by case cast char character check coalesce collate collation column columns concurrently
  constraint create cross dec decimal default deferrable desc describe distinct do else end except exists
  extract false fetch float for foreign freeze from full generated glob group grouping grouping_id having
  ilike in initially inner inout int integer intersect interval into is isnull join lambda lateral leading
  left like limit map national natural nchar none not notnull null nullif numeric offset on only or order out
  outer overlaps overlay pivot pivot_longer pivot_wider placing position positional precision primary qualify
  real references returning right row select semi setof show similar smallint some struct substring summarize
  symmetric table tablesample then time timestamp to trailing treat trim true try_cast union unique unpack
  unpivot using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement
  xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/** Names that look like catalogs or system tables, which the SQL guard treats with suspicion. */
const systemLike = /^(duckdb_|pg_|sqlite_|information_schema$|main$|temp$|system$)/;

/** The longest table name: Postgres's identifier limit, so names work in every engine. */
export const maxTableNameLength = 63;

/**
 * A name SQL can use without quoting: lower-case `[a-z_][a-z0-9_]*`, at most 63 characters, never a keyword.
 * Accents are dropped (`Zürich` → `zurich`), other characters become `_`, a leading digit gets a `t_` prefix
 * (`2019 Sales` → `t_2019_sales`) and a keyword a `_t` suffix (`select` → `select_t`).
 */
export function sanitizeTableName(name: string): string {
  let base = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (base === "") base = "data";
  if (/^[0-9]/.test(base) || systemLike.test(base)) base = `t_${base}`;
  base = base.slice(0, maxTableNameLength).replace(/_+$/, "");
  if (keywords.has(base)) base = `${base}_t`;
  return base;
}

/** The file name without folders and without its last extension: `data/la-riots.csv` → `la-riots`. */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The table name for a file (and a sheet of a workbook): the stem, sanitized.
 *
 * @example
 * ```ts
 * tableNameFromFile("la-riots.csv"); // "la_riots"
 * tableNameFromFile("2019 Sales (final).xlsx"); // "t_2019_sales_final"
 * tableNameFromFile("report.xlsx", "Q1 Totals"); // "report_q1_totals"
 * ```
 */
export function tableNameFromFile(fileName: string, sheet?: string): string {
  const stem = fileStem(fileName);
  return sanitizeTableName(sheet === undefined ? stem : `${stem} ${sheet}`);
}

/**
 * Names made unique among themselves, in order, by appending `_2`, `_3`, … (compared case-insensitively,
 * as SQL does); each stays within the length limit.
 */
export function uniqueTableNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = `${name.slice(0, maxTableNameLength - suffix.length)}${suffix}`;
    }
    taken.add(candidate);
    return candidate;
  });
}
