import { z } from "zod";
import { errorCodes } from "../errors/quarry-error.js";
import { MessageSchema } from "./message.js";
import { MessagePartSchema } from "./message-part.js";

/** What the turn is doing now, for a status line. */
export const TurnStatusSchema = z.enum([
  "planning",
  "querying",
  "repairing",
  "charting",
  "retrieving",
  "answering",
]);

/** What a turn is doing. */
export type TurnStatus = z.infer<typeof TurnStatusSchema>;

/**
 * One event of a chat turn. `quarry.chat()` yields these; the server adapters send them as SSE and the widget
 * renders them. A turn starts with `message` (the stored user message) and ends with `done` (the stored
 * assistant message) or `error`.
 */
export const ChatEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message"), message: MessageSchema }),
  z.strictObject({ type: z.literal("status"), status: TurnStatusSchema, detail: z.string().optional() }),
  z.strictObject({ type: z.literal("text-delta"), delta: z.string() }),
  z.strictObject({ type: z.literal("part"), part: MessagePartSchema }),
  z.strictObject({ type: z.literal("done"), message: MessageSchema }),
  z.strictObject({
    type: z.literal("error"),
    error: z.strictObject({ code: z.enum(errorCodes), message: z.string() }),
  }),
]);

/** One event of a chat turn. */
export type ChatEvent = z.infer<typeof ChatEventSchema>;
