import { z } from "zod";
import { IdSchema, limits, MetadataSchema, PrincipalIdSchema, TimestampSchema } from "./common.js";

const TitleSchema = z.string().trim().max(limits.titleLength);

/** Whether a turn is running in the session right now. */
export const SessionStatusSchema = z.enum(["idle", "busy"]);

/** A conversation: the datasets and documents it can see, and its messages (stored apart). */
export const SessionSchema = z.object({
  id: IdSchema,
  ownerId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
  /** Generated from the first question unless set. */
  title: TitleSchema,
  datasetIds: z.array(IdSchema),
  documentIds: z.array(IdSchema),
  pinned: z.boolean(),
  archived: z.boolean(),
  status: SessionStatusSchema,
  metadata: MetadataSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** A conversation. */
export type Session = z.infer<typeof SessionSchema>;

/** What a caller may set when creating a session. */
export const SessionCreateSchema = z.strictObject({
  id: IdSchema.optional(),
  title: TitleSchema.optional(),
  datasetIds: z.array(IdSchema).max(1000).optional(),
  documentIds: z.array(IdSchema).max(1000).optional(),
  pinned: z.boolean().optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.sessions.create`. */
export type SessionCreate = z.input<typeof SessionCreateSchema>;

/** What a caller may change on a session. */
export const SessionPatchSchema = z.strictObject({
  title: TitleSchema.optional(),
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
  status: SessionStatusSchema.optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.sessions.update`. */
export type SessionPatch = z.input<typeof SessionPatchSchema>;

/** Which sessions a listing includes by their archived flag. */
export const ArchivedFilterSchema = z.enum(["exclude", "include", "only"]);

/** Options of `store.sessions.list`. */
export const SessionListOptionsSchema = z.strictObject({
  /** Words that must each appear (case-insensitively) in the title or in the text of a message. */
  search: z.string().max(500).optional(),
  archived: ArchivedFilterSchema.optional(),
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(1000).optional(),
});

/** Options of `store.sessions.list`. */
export type SessionListOptions = z.input<typeof SessionListOptionsSchema>;

/** Datasets and documents to attach to or detach from a session. */
export const SessionRefsSchema = z.strictObject({
  datasetIds: z.array(IdSchema).max(1000).optional(),
  documentIds: z.array(IdSchema).max(1000).optional(),
});
