import { nameConcepts } from "./column-match.js";
import { type ColumnInfo, isTemporal, isUnique, type TableSchema } from "./table-schema.js";

/** A join from a table's column to a key of another table: `left` many rows to one `right` row. */
export interface JoinKey {
  left: ColumnInfo;
  right: ColumnInfo;
}

function lengths(column: ColumnInfo): [number, number] | undefined {
  if (column.values.length === 0) return undefined;
  const sizes = column.values.map((v) => v.length);
  return [Math.min(...sizes), Math.max(...sizes)];
}

/** Names that say two columns hold the same thing: equal, or `airport_id` beside the `airports` table's `id`. */
function namesAgree(left: ColumnInfo, right: ColumnInfo, rightTable: TableSchema): boolean {
  if (left.name.toLowerCase() === right.name.toLowerCase()) return true;
  const l = nameConcepts(left.name);
  const r = nameConcepts(right.name);
  const tableWords = nameConcepts(rightTable.name);
  return l.some((w) => tableWords.includes(w)) && r.some((w) => ["id", "code", "key", ...l].includes(w));
}

/**
 * Pairs of columns that could join `fact` to `dimension`: the dimension side is unique (a key), the kinds
 * agree, and either the names agree or the text values have the same lengths. The engine confirms them by
 * value overlap ({@link joinProbeSql}); with names alone (no values visible) only agreeing names count.
 */
export function joinCandidates(fact: TableSchema, dimension: TableSchema): JoinKey[] {
  const out: JoinKey[] = [];
  for (const right of dimension.columns) {
    if (!isUnique(right, dimension.rowCount) || isTemporal(right)) continue;
    for (const left of fact.columns) {
      if (isTemporal(left)) continue;
      const text = left.kind === "string" && right.kind === "string";
      const whole = left.kind === "integer" && right.kind === "integer";
      if (!text && !whole) continue;
      if (namesAgree(left, right, dimension)) {
        out.push({ left, right });
        continue;
      }
      const a = lengths(left);
      const b = lengths(right);
      if (text && a && b && a[0] === b[0] && a[1] === b[1] && a[1] <= 12) out.push({ left, right });
    }
  }
  return out;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One statement measuring, for each candidate pair, how many distinct left values the right key has. */
export function joinProbeSql(keys: readonly JoinKey[]): string | undefined {
  if (keys.length === 0) return undefined;
  const parts = keys.map(({ left, right }) => {
    const l = `SELECT DISTINCT ${ident(left.name)} AS k FROM ${ident(left.table)} WHERE ${ident(left.name)} IS NOT NULL`;
    const r = `SELECT DISTINCT ${ident(right.name)} AS k FROM ${ident(right.table)}`;
    return `SELECT ${quote(left.table)} AS join_left_table, ${quote(left.name)} AS join_left_column, ${quote(right.table)} AS join_right_table, ${quote(right.name)} AS join_right_column, count(*) AS left_values, count(r.k) AS matched FROM (${l}) AS l LEFT JOIN (${r}) AS r ON l.k = r.k`;
  });
  return parts.join(" UNION ALL ");
}

/** The pairs a join probe confirmed: most of the left values exist as right keys. */
export function confirmedJoins(keys: readonly JoinKey[], rows: readonly unknown[][]): JoinKey[] {
  return keys.filter(({ left, right }) =>
    rows.some((row) => {
      const [lt, lc, rt, rc, total, matched] = row;
      if (lt !== left.table || lc !== left.name || rt !== right.table || rc !== right.name) return false;
      const t = Number(total);
      const m = Number(matched);
      return t > 0 && m > 0 && m / t >= 0.6;
    }),
  );
}

/** The probe confirming joins between two tables, both ways round, written the same on every call. */
export function pairProbe(
  tables: readonly TableSchema[],
  a: TableSchema,
  b: TableSchema,
): { keys: JoinKey[]; sql: string | undefined } {
  const [x, y] = tables.indexOf(a) <= tables.indexOf(b) ? [a, b] : [b, a];
  const keys = [...joinCandidates(x, y), ...joinCandidates(y, x)];
  return { keys, sql: joinProbeSql(keys) };
}
