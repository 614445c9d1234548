import { z } from "zod";
import { IdSchema, limits, MetadataSchema, PrincipalIdSchema, TimestampSchema } from "./common.js";
import { UsageSchema } from "./message.js";

/** A record of one query run on a user's behalf: who asked what, the SQL, and how it went. */
export const AuditEntrySchema = z.object({
  id: IdSchema,
  userId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
  sessionId: IdSchema.nullable(),
  messageId: IdSchema.nullable(),
  question: z.string().max(limits.textLength).nullable(),
  sql: z.string().max(limits.textLength).nullable(),
  ok: z.boolean(),
  error: z.string().max(10_000).nullable(),
  rowCount: z.number().int().min(0).nullable(),
  durationMs: z.number().min(0),
  model: z.string().max(limits.nameLength).nullable(),
  provider: z.string().max(limits.nameLength).nullable(),
  usage: UsageSchema.nullable(),
  /** Which pipeline features acted (cache hit, clarification, verifier, ...). */
  details: MetadataSchema,
  createdAt: TimestampSchema,
});

/** An audit entry. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Input of `store.audit.append`. */
export const AuditInputSchema = z.strictObject({
  sessionId: IdSchema.nullable().optional(),
  messageId: IdSchema.nullable().optional(),
  question: AuditEntrySchema.shape.question.optional(),
  sql: AuditEntrySchema.shape.sql.optional(),
  ok: z.boolean(),
  error: AuditEntrySchema.shape.error.optional(),
  rowCount: AuditEntrySchema.shape.rowCount.optional(),
  durationMs: AuditEntrySchema.shape.durationMs,
  model: AuditEntrySchema.shape.model.optional(),
  provider: AuditEntrySchema.shape.provider.optional(),
  usage: UsageSchema.nullable().optional(),
  details: MetadataSchema.optional(),
});

/** Input of `store.audit.append`. */
export type AuditInput = z.input<typeof AuditInputSchema>;

/** Options of `store.audit.list`: newest first. */
export const AuditListOptionsSchema = z.strictObject({
  sessionId: IdSchema.optional(),
  limit: z.number().int().min(1).max(1_000).optional(),
  cursor: z.string().max(1_000).optional(),
});

/** Options of `store.audit.list`. */
export type AuditListOptions = z.input<typeof AuditListOptionsSchema>;
