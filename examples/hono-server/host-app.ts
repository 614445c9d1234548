import { serveStatic } from "@hono/node-server/serve-static";
import { quarryRoutes } from "@quarry/server-adapters/hono";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { HostAppOptions } from "../shared/example-parts.js";
import { chatPage, type HtmlPage, isCrossSitePost, loginPage } from "../shared/host-pages.js";

/**
 * A host app in Hono with Quarry inside: the Quarry API under `/api/quarry` behind the app's own session
 * cookie, the chat page at `/` for signed-in users, `/login` and `/logout`, and the client's assets.
 */
export function createHostApp({ quarry, sessions, client }: HostAppOptions): Hono {
  const app = new Hono();
  // Everything under the prefix is Quarry's; `auth` turns the app's session into Quarry's principal.
  app.route("/api/quarry", quarryRoutes(quarry, { auth: sessions.auth }));

  app.use(
    "/assets/*",
    serveStatic({
      root: client.dir,
      // Named by their content's hash: a changed file has a new name.
      onFound: (_path, c) => c.header("cache-control", "public, max-age=31536000, immutable"),
    }),
  );

  app.get("/", (c) => {
    const principal = sessions.auth(c.req.raw);
    return principal ? send(c, chatPage(client, principal)) : c.redirect("/login", 303);
  });
  app.get("/login", (c) => send(c, loginPage(client)));
  app.post("/login", bodyLimit({ maxSize: 4096 }), async (c) => {
    if (isCrossSitePost(c.req.header("origin"), c.req.header("host"))) return c.text("Forbidden", 403);
    const form = await c.req.parseBody();
    const cookie = sessions.issue(typeof form.name === "string" ? form.name.trim() : "");
    if (!cookie) return send(c, loginPage(client, { rejectedName: true }));
    c.header("set-cookie", cookie);
    return c.redirect("/", 303);
  });
  app.post("/logout", (c) => {
    if (isCrossSitePost(c.req.header("origin"), c.req.header("host"))) return c.text("Forbidden", 403);
    c.header("set-cookie", sessions.clear());
    return c.redirect("/login", 303);
  });
  return app;
}

function send(c: Context, page: HtmlPage): Response {
  return c.html(page.html, page.status as 200 | 400, page.headers);
}
