import { describeTablePayload } from "../agent/tools/tool-results.js";
import type { TableInfo } from "../engine/sql-engine.js";
import type { Dataset } from "../model/dataset.js";
import { schemaFromDescribe, type TableSchema } from "../offline/table-schema.js";

/**
 * The session's tables as the offline planner's matchers read them, built from the very payload
 * `describe_table` gives a model, so the quality checks see the columns, profiles and glossary the planner
 * and the model see. Values are read here (top and sample values) to tell values from column names; nothing
 * of them leaves this process.
 */
export function plannerSchemas(tables: readonly TableInfo[], datasets: readonly Dataset[]): TableSchema[] {
  const byTable = new Map(datasets.map((d) => [d.tableName.toLowerCase(), d]));
  return tables.flatMap((table) => {
    const schema = schemaFromDescribe(
      describeTablePayload(table, byTable.get(table.name.toLowerCase()), true),
    );
    return schema ? [schema] : [];
  });
}
