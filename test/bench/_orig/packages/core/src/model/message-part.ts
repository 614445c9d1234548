import { z } from "zod";
import { errorCodes } from "../errors/quarry-error.js";
import { IdSchema, JsonSchema, limits } from "./common.js";

const Text = z.string().max(limits.textLength);

/** Plain or Markdown text written by the user or the model. */
export const TextPartSchema = z.strictObject({ type: z.literal("text"), text: Text });

/** The SQL that produced an answer. */
export const SqlPartSchema = z.strictObject({
  type: z.literal("sql"),
  sql: Text,
  dialect: z.enum(["duckdb", "postgres"]).optional(),
});

/** A result column: its name exactly as in the result, and the engine's type name. */
export const ResultColumnSchema = z.strictObject({
  name: z.string().max(limits.nameLength),
  type: z.string().max(limits.nameLength),
});

/** A query result: capped rows, the true total, and whether rows were cut. */
export const TablePartSchema = z.strictObject({
  type: z.literal("table"),
  columns: z.array(ResultColumnSchema).max(10_000),
  rows: z.array(z.array(JsonSchema)).max(limits.tableRows),
  rowCount: z.number().int().min(0),
  truncated: z.boolean(),
});

/** A Vega-Lite chart specification. */
export const ChartPartSchema = z.strictObject({
  type: z.literal("chart"),
  spec: z.record(z.string(), JsonSchema),
  title: z.string().max(limits.titleLength).optional(),
});

/** A quoted passage of a document, with where it was found. */
export const CitationSchema = z.strictObject({
  documentId: IdSchema.optional(),
  fileName: z.string().max(limits.nameLength),
  page: z.number().int().min(1).nullable(),
  content: z.string().max(20_000),
  score: z.number().optional(),
});

/** Passages of documents an answer rests on. */
export const CitationsPartSchema = z.strictObject({
  type: z.literal("citations"),
  citations: z.array(CitationSchema).max(100),
});

/** A downloadable file, such as an Excel export. */
export const FilePartSchema = z.strictObject({
  type: z.literal("file"),
  fileName: z.string().max(limits.nameLength),
  mediaType: z.string().max(limits.nameLength),
  sizeBytes: z.number().int().min(0).optional(),
  blobKey: z.string().max(1024).optional(),
  url: z.string().max(4096).optional(),
});

/** A tool call and its result, shown to the user as the answer's trace. */
export const ToolPartSchema = z.strictObject({
  type: z.literal("tool"),
  toolCallId: z.string().max(limits.idLength),
  name: z.string().max(limits.nameLength),
  input: JsonSchema,
  output: JsonSchema.optional(),
  isError: z.boolean().optional(),
  durationMs: z.number().min(0).optional(),
});

/** Something went wrong; the turn ended with this. */
export const ErrorPartSchema = z.strictObject({
  type: z.literal("error"),
  code: z.enum(errorCodes),
  message: z.string().max(10_000),
});

/** One piece of a message, told apart by `type`. */
export const MessagePartSchema = z.discriminatedUnion("type", [
  TextPartSchema,
  SqlPartSchema,
  TablePartSchema,
  ChartPartSchema,
  CitationsPartSchema,
  FilePartSchema,
  ToolPartSchema,
  ErrorPartSchema,
]);

/** One piece of a message. */
export type MessagePart = z.infer<typeof MessagePartSchema>;
/** Text part. */
export type TextPart = z.infer<typeof TextPartSchema>;
/** SQL part. */
export type SqlPart = z.infer<typeof SqlPartSchema>;
/** Table part. */
export type TablePart = z.infer<typeof TablePartSchema>;
/** Chart part. */
export type ChartPart = z.infer<typeof ChartPartSchema>;
/** A citation. */
export type Citation = z.infer<typeof CitationSchema>;
/** Citations part. */
export type CitationsPart = z.infer<typeof CitationsPartSchema>;
/** File part. */
export type FilePart = z.infer<typeof FilePartSchema>;
/** Tool part. */
export type ToolPart = z.infer<typeof ToolPartSchema>;
/** Error part. */
export type ErrorPart = z.infer<typeof ErrorPartSchema>;
/** A result column. */
export type ResultColumn = z.infer<typeof ResultColumnSchema>;

/** The text of a message's text parts, joined: what session search looks in. */
export function textOfParts(parts: readonly MessagePart[]): string {
  return parts
    .filter((part): part is TextPart => part.type === "text")
    .map((part) => part.text)
    .join("\n");
}
