import type { z } from "zod";
import type { SqlEngine, TableInfo } from "../../engine/sql-engine.js";
import { QuarryError } from "../../errors/quarry-error.js";
import type { Dataset } from "../../model/dataset.js";
import type { ModelTool } from "../../model-provider/language-model.js";
import {
  type DataToolName,
  dataToolDefinitionsFor,
  dataToolInputSchemas,
  dataToolNames,
  type ToolOutcome,
} from "./tool-contract.js";
import { elapsed, fail, parseToolInput, succeed } from "./tool-outcome.js";
import {
  datasetOfTable,
  describeTablePayload,
  listTablesPayload,
  runSqlPayload,
  sampleRowsPayload,
} from "./tool-results.js";

/** What `createDataTools` reports for every `run_sql` call; fits `store.audit.append`'s input. */
export interface DataToolAuditEntry {
  sql: string;
  ok: boolean;
  /** `CODE: message` when the statement was refused or failed. */
  error: string | null;
  rowCount: number | null;
  durationMs: number;
}

/** Options of {@link createDataTools}. */
export interface DataToolsOptions {
  /** The session's engine: its tables are the only ones the tools see. */
  engine: SqlEngine;
  /** The session's datasets, for column profiles and glossaries (matched to tables by `tableName`). */
  datasets?: readonly Dataset[];
  privacy: {
    /** How many result rows the model may see; 0 = schema and aggregate statistics only. */
    modelRows: number;
  };
  /** Limits of every query the tools run. */
  limits: { maxRows: number; timeoutMs: number };
  /** Called once per `run_sql` with a statement, refused or not. A failure here propagates. */
  audit?: (entry: DataToolAuditEntry) => Promise<void> | void;
  /** Aborting interrupts a running query; the call then throws `ABORTED`. */
  signal?: AbortSignal;
}

/** The data tools bound to one session's engine. */
export interface DataTools {
  /** The tool definitions to send the model, with the engine's SQL dialect named. */
  readonly definitions: ModelTool[];
  /**
   * Runs one tool call from its raw JSON arguments. Never throws for bad input, unknown tools or failed
   * SQL (the outcome says what went wrong, for the model to repair); throws only `ABORTED`.
   */
  call(name: string, rawInput: string): Promise<ToolOutcome>;
}

/** Finds a table as SQL would (case-insensitively), returning the engine's spelling. */
function findTable(tables: readonly TableInfo[], name: string): TableInfo | undefined {
  return (
    tables.find((t) => t.name === name) ?? tables.find((t) => t.name.toLowerCase() === name.toLowerCase())
  );
}

/** Both dialects quote identifiers the same way: double quotes, inner quotes doubled. */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function isDataToolName(name: string): name is DataToolName {
  return (dataToolNames as string[]).includes(name);
}

/**
 * Creates the agent's data tools (`list_tables`, `describe_table`, `sample_rows`, `run_sql`) over one
 * session's engine, honouring the privacy setting and the query limits.
 *
 * @example
 * ```ts
 * const tools = createDataTools({ engine, datasets, privacy: { modelRows: 20 }, limits, audit, signal });
 * const outcome = await tools.call(toolCall.name, toolCall.input);
 * messages.push({ role: "tool", toolCallId: toolCall.id, toolName: toolCall.name, content: outcome.forModel, isError: !outcome.ok });
 * ```
 */
export function createDataTools(options: DataToolsOptions): DataTools {
  const { engine, privacy, limits, signal } = options;
  const datasets = options.datasets ?? [];
  const modelRows = Math.max(0, Math.floor(privacy.modelRows));

  const checkAborted = () => {
    if (signal?.aborted) throw new QuarryError("ABORTED", "The operation was aborted.");
  };

  const unknownTable = async (table: string): Promise<Omit<ToolOutcome, "durationMs">> => {
    const available = (await engine.listTables()).map((t) => t.name);
    return fail("NOT_FOUND", `There is no table ${JSON.stringify(table)}.`, { availableTables: available });
  };

  /** An abort ends the turn, so it propagates; every other failure goes back to the model to repair. */
  const throwIfAborted = (failure: QuarryError) => {
    if (failure.code === "ABORTED") throw failure;
    if (signal?.aborted) throw new QuarryError("ABORTED", "The operation was aborted.", { cause: failure });
  };

  const handlers: {
    [N in DataToolName]: (
      input: z.infer<(typeof dataToolInputSchemas)[N]>,
    ) => Promise<Omit<ToolOutcome, "durationMs">>;
  } = {
    list_tables: async () => succeed(listTablesPayload(await engine.listTables())),

    describe_table: async ({ table }) => {
      const info = findTable(await engine.listTables(), table);
      if (!info) return unknownTable(table);
      return succeed(describeTablePayload(info, datasetOfTable(datasets, info.name), modelRows > 0));
    },

    sample_rows: async ({ table, limit }) => {
      if (modelRows === 0) {
        return fail(
          "PRIVACY",
          "Row samples are disabled by the privacy setting; use describe_table for the schema and statistics.",
        );
      }
      const info = findTable(await engine.listTables(), table);
      if (!info) return unknownTable(table);
      const n = Math.min(limit, modelRows);
      // The name comes from the engine's own list, and the statement still goes through the engine's guard.
      const result = await engine.query(`SELECT * FROM ${quoteIdentifier(info.name)} LIMIT ${n}`, {
        maxRows: n,
        timeoutMs: limits.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return succeed(sampleRowsPayload(info.name, result, n));
    },

    run_sql: async ({ sql, explore }) => {
      const started = performance.now();
      let outcome: Omit<ToolOutcome, "durationMs">;
      let failure: QuarryError | undefined;
      try {
        const result = await engine.query(sql, { ...limits, ...(signal ? { signal } : {}) });
        outcome = {
          ...succeed(runSqlPayload(result, modelRows)),
          result,
          sql,
          ...(explore ? { exploratory: true } : {}),
        };
      } catch (error) {
        failure = QuarryError.from(error, "QUERY_FAILED");
        outcome = { ...fail(failure.code, failure.message), sql };
      }
      // Audited outside the try, so a failing audit write propagates instead of posing as a SQL error.
      await options.audit?.({
        sql,
        ok: outcome.ok,
        error: failure ? `${failure.code}: ${failure.message}` : null,
        rowCount: outcome.result?.rowCount ?? null,
        durationMs: elapsed(started),
      });
      if (failure) throwIfAborted(failure);
      return outcome;
    },
  };

  return {
    definitions: dataToolDefinitionsFor(engine.dialect),
    async call(name, rawInput) {
      const started = performance.now();
      checkAborted();
      let outcome: Omit<ToolOutcome, "durationMs">;
      if (!isDataToolName(name)) {
        outcome = fail(
          "UNKNOWN_TOOL",
          `There is no tool ${JSON.stringify(name)}. The tools are: ${dataToolNames.join(", ")}.`,
        );
      } else {
        const parsed = parseToolInput(name, dataToolInputSchemas[name], rawInput);
        outcome = parsed.ok ? await runHandler(name, parsed.input) : fail("INVALID_INPUT", parsed.message);
      }
      return { ...outcome, durationMs: elapsed(started) };
    },
  };

  async function runHandler<N extends DataToolName>(
    name: N,
    input: z.infer<(typeof dataToolInputSchemas)[N]>,
  ): Promise<Omit<ToolOutcome, "durationMs">> {
    // run_sql turns its own failures into outcomes (it must audit them first); its audit failures propagate.
    if (name === "run_sql") return handlers[name](input);
    try {
      return await handlers[name](input);
    } catch (error) {
      const failure = QuarryError.from(error, "QUERY_FAILED");
      throwIfAborted(failure);
      return fail(failure.code, failure.message);
    }
  }
}
