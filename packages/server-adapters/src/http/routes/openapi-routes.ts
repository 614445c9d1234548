import { buildOpenApiDocument, type OpenApiDocument } from "../openapi-document.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/**
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, public so tools can read it before signing in. Its
 * server is where the document was fetched from, so it is right however the API is mounted (`basePath`, a
 * Hono sub-app, an Express router).
 */
export function openapiRoutes(app: QuarryApp, _context: RouteContext): void {
  // Built once per mount point: generating every JSON Schema is work no other route needs.
  const documents = new Map<string, OpenApiDocument>();
  app.get("/openapi.json", (c) => {
    const basePath = new URL(c.req.url).pathname.replace(/\/openapi\.json$/, "");
    let document = documents.get(basePath);
    if (!document) {
      document = buildOpenApiDocument({ basePath });
      documents.set(basePath, document);
    }
    return c.json(document);
  });
}
