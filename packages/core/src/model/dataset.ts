import { z } from "zod";
import { CleaningSuggestionSchema } from "./cleaning.js";
import {
  IdSchema,
  JsonSchema,
  limits,
  MetadataSchema,
  PrincipalIdSchema,
  TimestampSchema,
} from "./common.js";

/** Where a dataset's rows came from. */
export const DatasetFormatSchema = z.enum(["csv", "tsv", "xlsx", "json", "ndjson", "parquet", "postgres"]);

/** A coarse column kind, derived from the engine type, that planners and the UI reason with. */
export const ColumnKindSchema = z.enum([
  "integer",
  "number",
  "string",
  "boolean",
  "date",
  "timestamp",
  "other",
]);

/** A value and how often it occurs. */
export const ValueCountSchema = z.strictObject({ value: JsonSchema, count: z.number().int().min(0) });

/** What the profiler learned about one column. Statistics that do not apply to the kind are absent. */
export const ColumnProfileSchema = z.strictObject({
  /** Exactly as in the source file. */
  name: z.string().max(limits.nameLength),
  /** The engine's type name, e.g. `DOUBLE`, `VARCHAR`, `DATE`. */
  type: z.string().max(limits.nameLength),
  kind: ColumnKindSchema,
  nullCount: z.number().int().min(0),
  nullRate: z.number().min(0).max(1),
  distinctCount: z.number().int().min(0),
  min: JsonSchema.optional(),
  max: JsonSchema.optional(),
  mean: z.number().nullable().optional(),
  std: z.number().nullable().optional(),
  quantiles: z.strictObject({ p25: JsonSchema, p50: JsonSchema, p75: JsonSchema }).optional(),
  outlierCount: z.number().int().min(0).optional(),
  topValues: z.array(ValueCountSchema).max(100).optional(),
  sampleValues: z.array(JsonSchema).max(100).optional(),
  description: z.string().max(2_000).optional(),
  /**
   * Present when some of the statistics (quartiles; for columns with many distinct values also the distinct
   * count, top values and text checks, with counts scaled to the table) were estimated from a sample of this
   * many rows. Row and null counts, min, max, mean and outlier counts are always exact.
   */
  profileSampleRows: z.number().int().min(1).optional(),
});

/** A column and its profile. */
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

/** A business term of a dataset: what it means and, for metrics, the SQL expression that computes it. */
export const GlossaryEntrySchema = z.strictObject({
  term: z.string().min(1).max(limits.nameLength),
  meaning: z.string().max(5_000),
  sql: z.string().max(5_000).optional(),
});

/** A glossary entry. */
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;

const DatasetFields = {
  name: z.string().min(1).max(limits.nameLength),
  /** The table name SQL uses. */
  tableName: z.string().min(1).max(limits.nameLength),
  format: DatasetFormatSchema,
  rowCount: z.number().int().min(0),
  sizeBytes: z.number().int().min(0),
  columns: z.array(ColumnProfileSchema).max(20_000),
  glossary: z.array(GlossaryEntrySchema).max(1_000),
  /** Problems the profiler found, with the operations that would fix them. */
  suggestions: z.array(CleaningSuggestionSchema).max(1_000),
  /** The canonical Parquet copy of this version in the blob store. */
  blobKey: z.string().max(1024).nullable(),
  sourceFileName: z.string().max(limits.nameLength).nullable(),
  metadata: MetadataSchema,
};

/**
 * A table a user brought. Each cleaning or re-upload makes a new version under the same id; earlier
 * versions stay readable.
 */
export const DatasetSchema = z.object({
  id: IdSchema,
  ownerId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
  ...DatasetFields,
  version: z.number().int().min(1),
  deletedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** A dataset version. */
export type Dataset = z.infer<typeof DatasetSchema>;

/** Input of `store.datasets.create`. */
export const DatasetCreateSchema = z.strictObject({
  id: IdSchema.optional(),
  name: DatasetFields.name,
  tableName: DatasetFields.tableName,
  format: DatasetFields.format,
  rowCount: DatasetFields.rowCount,
  sizeBytes: DatasetFields.sizeBytes,
  columns: DatasetFields.columns,
  glossary: DatasetFields.glossary.optional(),
  suggestions: DatasetFields.suggestions.optional(),
  blobKey: DatasetFields.blobKey.optional(),
  sourceFileName: DatasetFields.sourceFileName.optional(),
  metadata: DatasetFields.metadata.optional(),
});

/** Input of `store.datasets.create`. */
export type DatasetCreate = z.input<typeof DatasetCreateSchema>;

/** Input of `store.datasets.newVersion`: what changes; everything else carries over from the latest version. */
export const DatasetVersionInputSchema = DatasetCreateSchema.omit({ id: true, format: true }).partial();

/** Input of `store.datasets.newVersion`. */
export type DatasetVersionInput = z.input<typeof DatasetVersionInputSchema>;

/** A coarse column kind. */
export type ColumnKind = z.infer<typeof ColumnKindSchema>;

/** Where a dataset's rows came from. */
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;
