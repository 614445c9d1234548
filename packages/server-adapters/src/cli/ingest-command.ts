import { parseArgs } from "node:util";
import type { ColumnProfile, Json } from "@quarry/core";
import { type IngestedTable, ingestFile } from "@quarry/core/ingest";
import { describeDocumentFile, isDocumentPath } from "./ingest-document.js";
import { createProgressBar, showIngestProgress } from "./progress-bar.js";
import type { CliIO } from "./run-cli.js";
import { textTable } from "./text-table.js";
import { usageError } from "./usage-error.js";

/**
 * `quarry ingest FILE [--name N] [--sheet S] [--document] [--json]`: ingests a file and prints its profile;
 * a PDF or Markdown file (or any file with `--document`) is read as a document: its pages and passages. On a
 * terminal, without `--json`, a progress bar shows the bytes read and then the profiling.
 */
export async function ingestCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      name: { type: "string" },
      sheet: { type: "string" },
      document: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw usageError("quarry ingest takes exactly one FILE.");
  if (isDocumentPath(positionals[0]!, values.document === true)) {
    io.stdout(await describeDocumentFile(positionals[0]!, values.json === true));
    return 0;
  }
  const sheet =
    values.sheet === undefined ? undefined : /^\d+$/.test(values.sheet) ? Number(values.sheet) : values.sheet;
  const bar = createProgressBar(io, { enabled: values.json !== true });
  const result = await ingestFile(
    { path: positionals[0]! },
    {
      ...(values.name ? { name: values.name } : {}),
      ...(sheet === undefined ? {} : { sheet }),
      onProgress: showIngestProgress(bar, positionals[0]!),
    },
  ).finally(() => bar.clear());
  try {
    if (values.json) {
      io.stdout(JSON.stringify({ tables: result.tables.map(publicTable) }, null, 2));
    } else {
      io.stdout(result.tables.map(describeTable).join("\n\n"));
    }
  } finally {
    await result.dispose();
  }
  return 0;
}

/** What `--json` prints of a table: everything but the temporary Parquet path. */
function publicTable({ parquetPath: _, ...table }: IngestedTable) {
  return table;
}

function describeTable(table: IngestedTable): string {
  const rows: Json[][] = table.columns.map((c) => [
    c.name,
    c.type,
    `${c.nullCount} (${(c.nullRate * 100).toFixed(1)}%)`,
    c.distinctCount,
    summary(c),
  ]);
  const lines = [
    `${table.tableName}: ${table.rowCount} rows, ${table.columns.length} columns (${table.format}, ${table.sizeBytes} bytes)`,
    "",
    textTable(["column", "type", "nulls", "distinct", "values"], rows),
  ];
  if (table.suggestions.length > 0) {
    lines.push("", "Suggestions:", ...table.suggestions.map((s) => `  - ${s.message}`));
  }
  return lines.join("\n");
}

function summary(column: ColumnProfile): string {
  if (column.mean !== undefined && column.mean !== null) {
    return `${String(column.min)} … ${String(column.max)}, mean ${Number(column.mean.toPrecision(6))}`;
  }
  if (column.topValues?.length) {
    return column.topValues
      .slice(0, 3)
      .map((v) => `${String(v.value)} (${v.count})`)
      .join(", ");
  }
  return column.min === undefined ? "" : `${String(column.min)} … ${String(column.max)}`;
}
