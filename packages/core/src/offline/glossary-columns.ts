import type { ColumnInfo, TableSchema } from "./table-schema.js";

/**
 * A dataset's glossary in the planner's terms: each term with a SQL expression becomes a column the
 * question can name. A metric (`revenue` = `sum(amount)`) is a number that aggregates by itself; a condition
 * (`churned` = `status = 'cancelled'`) is a yes/no column, so "churned orders" filters on it as on any yes/no
 * column; any other expression (`gross` = `amount * 1.2`) is a number to aggregate like a column. Glossary
 * columns come first, so a term wins over a column that only shares its synonym.
 */
export function withGlossaryColumns(tables: readonly TableSchema[]): TableSchema[] {
  return tables.map((table) => {
    const terms = table.glossary.filter(
      (g) =>
        g.sql !== undefined &&
        g.sql.trim() !== "" &&
        !table.columns.some((c) => c.name.toLowerCase() === g.term.toLowerCase()),
    );
    if (terms.length === 0) return table;
    const columns: ColumnInfo[] = terms.map((g) => {
      const sql = (g.sql as string).trim();
      const aggregate = aggregateCall.test(sql);
      const condition = !aggregate && comparison.test(sql);
      return {
        table: table.name,
        name: g.term,
        type: condition ? "BOOLEAN" : "DOUBLE",
        kind: condition ? "boolean" : "number",
        nullRate: undefined,
        distinctCount: undefined,
        min: undefined,
        max: undefined,
        values: [],
        complete: false,
        dateFormat: undefined,
        expression: { sql, aggregate },
      };
    });
    return { ...table, columns: [...columns, ...table.columns] };
  });
}

const aggregateCall =
  /\b(?:sum|avg|mean|count|min|max|median|stddev(?:_samp|_pop)?|variance|percentile_cont|quantile_cont|approx_count_distinct|string_agg|array_agg|bool_and|bool_or|any_value|arg_max|arg_min)\s*\(/i;
const comparison = /<>|!=|<=|>=|=|<|>|\b(?:in|like|ilike|is|between|not)\b/i;
