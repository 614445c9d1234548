import type { QueryResult } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { Message } from "../model/message.js";
import { type ChartPart, type SqlPart, type TablePart, textOfParts } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import type { EngineProvider } from "./engine-provider.js";
import type { ExportedFile, ExportFormat } from "./quarry-types.js";

/** What {@link exportAnswer} needs. */
export interface ExportAnswerInput {
  store: Store;
  engines: EngineProvider;
  principal: Principal;
  messageId: string;
  format: ExportFormat;
  /** Rows the SQL is re-run for. */
  maxRows: number;
}

const formats: readonly ExportFormat[] = ["xlsx", "csv", "svg", "png"];

function partOf<T extends Message["parts"][number]["type"]>(
  message: Message,
  type: T,
): Extract<Message["parts"][number], { type: T }> | undefined {
  return message.parts.find((part) => part.type === type) as
    | Extract<Message["parts"][number], { type: T }>
    | undefined;
}

/** A file name from the question: its first words, safe on every file system. */
export function exportFileName(question: string, extension: string): string {
  const stem = question
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${stem || "quarry-answer"}.${extension}`;
}

/**
 * An answer as a download. Spreadsheets re-run the answer's SQL on the session's current data for up to
 * `maxRows` rows (the stored table holds only the first rows), falling back to the stored table when the
 * data is gone; charts render the stored chart. The heavy libraries load only when a format needs them.
 */
export async function exportAnswer(input: ExportAnswerInput): Promise<ExportedFile> {
  const { store, principal, format } = input;
  if (!formats.includes(format)) {
    throw new QuarryError(
      "INVALID_INPUT",
      `Unknown export format ${JSON.stringify(format)}; use ${formats.join(", ")}.`,
    );
  }
  const message =
    typeof input.messageId === "string" ? await store.messages.get(principal, input.messageId) : null;
  if (message?.role !== "assistant") throw new QuarryError("NOT_FOUND", "No such answer.");
  const question = message.replyTo ? await store.messages.get(principal, message.replyTo) : null;
  const questionText = question ? textOfParts(question.parts) : "";

  if (format === "svg" || format === "png") {
    const chart = partOf(message, "chart");
    if (!chart) throw new QuarryError("NOT_FOUND", "This answer has no chart to export.");
    return renderChart(chart, format, questionText);
  }

  const table = partOf(message, "table");
  const sql = partOf(message, "sql");
  if (!table) throw new QuarryError("NOT_FOUND", "This answer has no table to export.");
  const { result, datasets } = await fullResult(input, message, sql, table);
  if (format === "csv") {
    const { exportCsv, csvMediaType } = await import("../export/csv-export.js");
    return {
      fileName: exportFileName(questionText, "csv"),
      mediaType: csvMediaType,
      bytes: new TextEncoder().encode(exportCsv(result)),
    };
  }
  const { exportXlsx, xlsxMediaType } = await import("../export/excel-export.js");
  return {
    fileName: exportFileName(questionText, "xlsx"),
    mediaType: xlsxMediaType,
    bytes: exportXlsx({
      result,
      ...(questionText ? { question: questionText } : {}),
      ...(sql ? { sql: sql.sql } : {}),
      datasets,
      executedAt: new Date(),
    }),
  };
}

async function renderChart(chart: ChartPart, format: "svg" | "png", question: string): Promise<ExportedFile> {
  const { renderChartSvg, renderChartPng } = await import("../chart/render-chart.js");
  if (format === "svg") {
    return {
      fileName: exportFileName(question, "svg"),
      mediaType: "image/svg+xml",
      bytes: new TextEncoder().encode(await renderChartSvg(chart)),
    };
  }
  return {
    fileName: exportFileName(question, "png"),
    mediaType: "image/png",
    bytes: await renderChartPng(chart),
  };
}

/** The answer's result re-run in full, or the stored table when that is not possible. */
async function fullResult(
  input: ExportAnswerInput,
  message: Message,
  sql: SqlPart | undefined,
  table: TablePart,
): Promise<{ result: QueryResult; datasets: string[] }> {
  const stored: QueryResult = {
    columns: table.columns,
    rows: table.rows,
    rowCount: table.rowCount,
    truncated: table.truncated,
    durationMs: 0,
  };
  const session = await input.store.sessions.get(input.principal, message.sessionId);
  if (!session) throw new QuarryError("NOT_FOUND", "No such answer.");
  const all = session.datasetIds.length
    ? await input.store.datasets.list(input.principal, { ids: session.datasetIds })
    : [];
  const datasets = all.filter((d) => d.deletedAt === null);
  const names = datasets.map((d) => d.name);
  // Nothing more to fetch: the stored table already holds every row.
  if (!sql || !table.truncated) return { result: stored, datasets: names };
  try {
    const lease = await input.engines.acquire({ principal: input.principal, session, datasets });
    try {
      const result = await lease.engine.query(sql.sql, { maxRows: input.maxRows });
      return { result, datasets: names };
    } finally {
      await lease.release();
    }
  } catch {
    // The data changed or is gone: the stored rows are still a faithful (partial) export.
    return { result: stored, datasets: names };
  }
}
