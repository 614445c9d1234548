import { uploadDocuments } from "../document-upload.js";
import type { QuarryApp, RouteContext } from "../route-context.js";
import { uploadIntoSession } from "./session-upload.js";

/**
 * Documents: upload PDF, text and Markdown files into a session (multipart), list the session's documents
 * with their status, remove one. Another user's session or document is a 404, like one that does not exist.
 */
export function documentRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  app.post("/sessions/:id/documents", async (c) => {
    return c.json(await uploadDocuments(await uploadIntoSession(c, { quarry, limits })));
  });

  app.get("/sessions/:id/documents", async (c) => {
    return c.json(await quarry.documents.list(c.req.param("id"), { principal: c.get("principal") }));
  });

  app.delete("/sessions/:id/documents/:documentId", async (c) => {
    await quarry.documents.remove(c.req.param("id"), c.req.param("documentId"), {
      principal: c.get("principal"),
    });
    return c.body(null, 204);
  });
}
