import { z } from "zod";
import { JsonSchema, limits } from "./common.js";

const Column = z.string().min(1).max(limits.nameLength);

/**
 * One cleaning step. Quarry turns a list of these into SQL it writes itself and the engine runs; the result
 * is a new dataset version and the earlier version stays queryable.
 */
export const CleaningOperationSchema = z.discriminatedUnion("op", [
  z.strictObject({
    op: z.literal("fill-nulls"),
    column: Column,
    strategy: z.enum(["mean", "median", "mode", "zero", "value"]),
    /** With strategy `value`: what to fill in. */
    value: JsonSchema.optional(),
  }),
  z.strictObject({ op: z.literal("drop-nulls"), column: Column }),
  z.strictObject({ op: z.literal("trim"), column: Column }),
  z.strictObject({
    op: z.literal("normalize-case"),
    column: Column,
    case: z.enum(["lower", "upper", "title"]),
  }),
  z.strictObject({ op: z.literal("drop-duplicates") }),
  z.strictObject({
    op: z.literal("cap-outliers"),
    column: Column,
    /** Values beyond quartile ± factor × IQR are capped to those bounds (1.5 by default). */
    factor: z.number().positive().max(100).optional(),
  }),
  z.strictObject({
    op: z.literal("cast"),
    column: Column,
    to: z.enum(["integer", "double", "text", "boolean", "date", "timestamp"]),
  }),
]);

/** One cleaning step. */
export type CleaningOperation = z.infer<typeof CleaningOperationSchema>;

/** What kind of problem a suggestion addresses. */
export const SuggestionKindSchema = z.enum([
  "missing-values",
  "outliers",
  "mixed-types",
  "duplicate-rows",
  "whitespace",
  "inconsistent-case",
]);

/** A problem the profiler found, and the operations that would fix it (as data, applied only on request). */
export const CleaningSuggestionSchema = z.strictObject({
  /** Stable within a dataset version, e.g. `missing-values:temp_max`. */
  id: z
    .string()
    .min(1)
    .max(limits.nameLength * 2),
  kind: SuggestionKindSchema,
  column: Column.nullable(),
  /** How many rows (or values) are affected. */
  count: z.number().int().min(0),
  message: z.string().max(2_000),
  operations: z.array(CleaningOperationSchema).min(1).max(10),
});

/** A cleaning suggestion. */
export type CleaningSuggestion = z.infer<typeof CleaningSuggestionSchema>;
