import { type Principal, type Quarry, QuarryError, type Session } from "@quarry/core";
import type { Context } from "hono";
import type { UploadDatasetsOptions } from "../dataset-upload.js";
import type { QuarryEnv, RouteContext } from "../route-context.js";

/** The caller's session, or `NOT_FOUND` (for another user's too, so it says nothing of theirs). */
export async function sessionOf(quarry: Quarry, principal: Principal, id: string): Promise<Session> {
  const session = await quarry.store.sessions.get(principal, id);
  if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
  return session;
}

/**
 * What an upload into the session of the route's `:id` needs, for `uploadDatasets` or `uploadDocuments`.
 * The session is looked up before a byte of the body is read: someone else's session must cost them
 * nothing and tell them nothing.
 */
export async function uploadIntoSession(
  c: Context<QuarryEnv>,
  { quarry, limits }: Pick<RouteContext, "quarry" | "limits">,
): Promise<UploadDatasetsOptions> {
  const principal = c.get("principal");
  return {
    request: c.req.raw,
    quarry,
    principal,
    session: await sessionOf(quarry, principal, c.req.param("id") ?? ""),
    maxBytes: limits.uploadBytes,
    signal: c.req.raw.signal,
  };
}
