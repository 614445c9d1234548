import { z } from "zod";
import { IdSchema, TimestampSchema } from "./common.js";

/** What a session remembers between turns: a running summary and the preferences the user stated. */
export const SessionMemorySchema = z.object({
  sessionId: IdSchema,
  summary: z.string().max(20_000),
  preferences: z.array(z.string().min(1).max(1_000)).max(100),
  updatedAt: TimestampSchema.nullable(),
});

/** A session's memory. */
export type SessionMemory = z.infer<typeof SessionMemorySchema>;

/** Input of `store.memory.put`. */
export const SessionMemoryInputSchema = z.strictObject({
  summary: SessionMemorySchema.shape.summary,
  preferences: SessionMemorySchema.shape.preferences,
});

/** Input of `store.memory.put`. */
export type SessionMemoryInput = z.input<typeof SessionMemoryInputSchema>;
