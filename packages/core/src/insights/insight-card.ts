import { z } from "zod";
import { IdSchema, TimestampSchema } from "../model/common.js";
import { ChartPartSchema, SqlPartSchema, TablePartSchema } from "../model/message-part.js";

/** The analyses an insights run makes. */
export const InsightKindSchema = z.enum(["trend", "movers", "concentration", "outliers", "correlation"]);

/** What an analysis found: a headline, a sentence, the SQL that shows it, a small table and a chart. */
export const InsightCardSchema = z.strictObject({
  /** Stable within a dataset version, e.g. `trend:sales:date`. */
  id: z.string().min(1).max(600),
  kind: InsightKindSchema,
  title: z.string().min(1).max(300),
  /** One or two sentences with the finding's numbers, each found in the table. */
  summary: z.string().min(1).max(2_000),
  /** The query behind the table, as the user may run it again. */
  sql: SqlPartSchema,
  table: TablePartSchema,
  chart: ChartPartSchema.nullable(),
  /** How remarkable the finding is, 0 to 1; cards come sorted by it, highest first. */
  score: z.number().min(0).max(1),
});

/** One run of the automatic analyses over a dataset version. */
export const InsightRunSchema = z.strictObject({
  datasetId: IdSchema,
  /** The dataset version the run read. */
  version: z.number().int().min(1),
  createdAt: TimestampSchema,
  durationMs: z.number().min(0),
  cards: z.array(InsightCardSchema).max(50),
});

/** The kind of an analysis. */
export type InsightKind = z.infer<typeof InsightKindSchema>;
/** An insight card. */
export type InsightCard = z.infer<typeof InsightCardSchema>;
/** An insights run. */
export type InsightRun = z.infer<typeof InsightRunSchema>;
