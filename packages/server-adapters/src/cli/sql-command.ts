import { parseArgs } from "node:util";
import { createDuckDbEngine } from "@quarry/core/duckdb";
import { type IngestFileResult, ingestFile } from "@quarry/core/ingest";
import { parseFileArg } from "./file-args.js";
import { createProgressBar, showIngestProgress } from "./progress-bar.js";
import type { CliIO } from "./run-cli.js";
import { textTable } from "./text-table.js";
import { usageError } from "./usage-error.js";

/**
 * `quarry sql [NAME=]FILE... --sql "SQL" [--json] [--max-rows N] [--timeout MS]`: loads the files as tables
 * and runs the SQL through the guard on a locked-down engine that holds only those tables. On a terminal,
 * without `--json`, a progress bar shows the files loading.
 */
export async function sqlCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      sql: { type: "string" },
      json: { type: "boolean" },
      "max-rows": { type: "string" },
      timeout: { type: "string" },
    },
  });
  if (!values.sql) throw usageError('quarry sql needs --sql "SQL".');
  if (positionals.length === 0) throw usageError("quarry sql needs at least one data FILE.");
  const maxRows = positiveInt(values["max-rows"], "--max-rows", 1000);
  const timeoutMs = positiveInt(values.timeout, "--timeout", 30_000);

  const ingested: IngestFileResult[] = [];
  const bar = createProgressBar(io, { enabled: values.json !== true });
  try {
    for (const [index, arg] of positionals.entries()) {
      const { name, path } = parseFileArg(arg);
      const onProgress = showIngestProgress(bar, path, { index, count: positionals.length });
      ingested.push(await ingestFile({ path }, { ...(name ? { name } : {}), onProgress }));
    }
    bar.clear();
    const tables = ingested.flatMap((r) => r.tables);
    const engine = await createDuckDbEngine({
      tables: tables.map((t) => ({ name: t.tableName, parquetPath: t.parquetPath })),
    });
    try {
      const result = await engine.query(values.sql, { maxRows, timeoutMs });
      if (values.json) {
        const { columns, rows, rowCount, truncated } = result;
        io.stdout(JSON.stringify({ columns, rows, rowCount, truncated }));
      } else {
        io.stdout(
          textTable(
            result.columns.map((c) => c.name),
            result.rows,
          ),
        );
        const shown = result.truncated ? `${result.rows.length} of ${result.rowCount}` : `${result.rowCount}`;
        io.stderr(`(${shown} rows, ${result.durationMs.toFixed(1)} ms)`);
      }
    } finally {
      await engine.close();
    }
  } finally {
    bar.clear();
    await Promise.all(ingested.map((r) => r.dispose()));
  }
  return 0;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(`${flag} takes a positive whole number.`);
  return n;
}
