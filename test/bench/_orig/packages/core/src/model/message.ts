import { z } from "zod";
import { IdSchema, limits, MetadataSchema, TimestampSchema } from "./common.js";
import { MessagePartSchema } from "./message-part.js";

/** Who wrote a message. */
export const RoleSchema = z.enum(["user", "assistant", "tool", "system"]);

/** Token counts of the model calls behind a message. */
export const UsageSchema = z.strictObject({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});

/** Token usage. */
export type Usage = z.infer<typeof UsageSchema>;

const PartsSchema = z.array(MessagePartSchema).max(limits.partsPerMessage);

/** A message of a session; `seq` orders a session's messages and never repeats. */
export const MessageSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  seq: z.number().int().min(1),
  role: RoleSchema,
  parts: PartsSchema,
  /** The user message an assistant message answers. */
  replyTo: IdSchema.nullable(),
  edited: z.boolean(),
  model: z.string().max(limits.nameLength).nullable(),
  provider: z.string().max(limits.nameLength).nullable(),
  promptVersion: z.string().max(limits.nameLength).nullable(),
  usage: UsageSchema.nullable(),
  metadata: MetadataSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** A message. */
export type Message = z.infer<typeof MessageSchema>;

/** Input of `store.messages.append`. */
export const MessageAppendSchema = z.strictObject({
  id: IdSchema.optional(),
  role: RoleSchema,
  parts: PartsSchema,
  replyTo: IdSchema.nullable().optional(),
  model: z.string().max(limits.nameLength).nullable().optional(),
  provider: z.string().max(limits.nameLength).nullable().optional(),
  promptVersion: z.string().max(limits.nameLength).nullable().optional(),
  usage: UsageSchema.nullable().optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.messages.append`. */
export type MessageAppend = z.input<typeof MessageAppendSchema>;

/** Input of `store.messages.edit`: new parts (the message becomes `edited`) and/or metadata. */
export const MessageEditSchema = z.strictObject({
  parts: PartsSchema.optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.messages.edit`. */
export type MessageEdit = z.input<typeof MessageEditSchema>;

/** Options of `store.messages.list`. */
export const MessageListOptionsSchema = z.strictObject({
  /** Only messages with a greater `seq`. */
  afterSeq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

/** Options of `store.messages.list`. */
export type MessageListOptions = z.input<typeof MessageListOptionsSchema>;
