import { QuarryError } from "@quarry/core";
import { z } from "zod";
import { jsonTurnResponse, sseResponse, startTurn, wantsEventStream } from "../chat-stream.js";
import { readJson } from "../json-body.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/** The body of `POST /sessions/:id/messages` and `PATCH /messages/:id`. */
export const AskBodySchema = z.strictObject({
  content: z.string().min(1).max(200_000),
  model: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe("The id of the model to answer with, one `GET /models` lists; default the one marked default."),
});

/** The body of `POST /messages/:id/feedback`. */
export const FeedbackBodySchema = z.strictObject({
  rating: z.enum(["up", "down"]),
  comment: z.string().max(10_000).nullable().optional(),
  correction: z.string().max(50_000).nullable().optional(),
});

/** Asking, history, editing and feedback. */
export function messageRoutes(app: QuarryApp, { quarry, limits, offer }: RouteContext): void {
  /**
   * Runs a turn for a request: SSE when the client accepts it, else JSON once the turn ends (within the
   * request timeout). Either way a disconnecting client stops the turn, which is then stored as stopped.
   */
  const answer = async (
    request: Request,
    run: (signal: AbortSignal) => AsyncIterable<import("@quarry/core").ChatEvent>,
  ): Promise<Response> => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    request.signal.addEventListener("abort", stop, { once: true });
    if (wantsEventStream(request)) {
      const turn = await startTurn(run(controller.signal));
      return sseResponse(turn, controller, limits.heartbeatSeconds * 1000);
    }
    const timer = setTimeout(stop, limits.requestTimeoutMs);
    try {
      return await jsonTurnResponse(await startTurn(run(controller.signal)));
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", stop);
    }
  };

  app.post("/sessions/:id/messages", async (c) => {
    const principal = c.get("principal");
    const body = await readJson(c.req.raw, AskBodySchema, limits.bodyBytes);
    const model = offer.modelFor(body.model);
    const sessionId = c.req.param("id");
    return answer(c.req.raw, (signal) => quarry.chat(sessionId, body.content, { principal, signal, model }));
  });

  app.get("/sessions/:id/messages", async (c) => {
    const messages = await quarry.thread(c.req.param("id"), { principal: c.get("principal") });
    return c.json({ messages });
  });

  app.patch("/messages/:id", async (c) => {
    const principal = c.get("principal");
    const body = await readJson(c.req.raw, AskBodySchema, limits.bodyBytes);
    const model = offer.modelFor(body.model);
    const message = await quarry.store.messages.get(principal, c.req.param("id"));
    if (!message) throw new QuarryError("NOT_FOUND", "No such message.");
    return answer(c.req.raw, (signal) =>
      quarry.editMessage(message.sessionId, message.id, body.content, { principal, signal, model }),
    );
  });

  app.post("/messages/:id/feedback", async (c) => {
    const body = await readJson(c.req.raw, FeedbackBodySchema, limits.bodyBytes);
    const feedback = await quarry.feedback(
      { messageId: c.req.param("id"), ...body },
      { principal: c.get("principal") },
    );
    return c.json(feedback);
  });
}
