import { z } from "zod";
import { IdSchema, PrincipalIdSchema, TimestampSchema } from "./common.js";

/** A user's judgement of an answer; one per message and user (a second one replaces the first). */
export const FeedbackSchema = z.object({
  messageId: IdSchema,
  sessionId: IdSchema,
  userId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
  rating: z.enum(["up", "down"]),
  comment: z.string().max(10_000).nullable(),
  /** What the answer should have been, e.g. the right SQL. */
  correction: z.string().max(50_000).nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** Feedback on a message. */
export type Feedback = z.infer<typeof FeedbackSchema>;

/** Input of `store.feedback.upsert`. */
export const FeedbackInputSchema = z.strictObject({
  messageId: IdSchema,
  rating: z.enum(["up", "down"]),
  comment: z.string().max(10_000).nullable().optional(),
  correction: z.string().max(50_000).nullable().optional(),
});

/** Input of `store.feedback.upsert`. */
export type FeedbackInput = z.input<typeof FeedbackInputSchema>;
