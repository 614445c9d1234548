import { join } from "node:path";
import { quarryRouter } from "@quarry/server-adapters/express";
import express, { type Express, type Response } from "express";
import type { HostAppOptions } from "../shared/example-parts.js";
import { chatPage, type HtmlPage, isCrossSitePost, loginPage } from "../shared/host-pages.js";

/**
 * A host app in Express 5 with Quarry inside: the Quarry API under `/api/quarry` behind the app's own
 * session cookie, the chat page at `/` for signed-in users, `/login` and `/logout`, and the client's assets.
 */
export function createHostApp({ quarry, sessions, client }: HostAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // First, before any body parser: Quarry streams uploads and answers itself. `auth` turns the app's
  // session into Quarry's principal.
  app.use("/api/quarry", quarryRouter(quarry, { auth: sessions.auth }));

  // Named by their content's hash: a changed file has a new name.
  app.use(
    "/assets",
    express.static(join(client.dir, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );

  app.get("/", (req, res) => {
    const principal = sessions.verify(req.headers.cookie);
    if (principal) send(res, chatPage(client, principal));
    else res.redirect(303, "/login");
  });
  app.get("/login", (_req, res) => send(res, loginPage(client)));
  // The form's body parser is on this route alone.
  app.post("/login", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    if (isCrossSitePost(req.headers.origin, req.headers.host)) {
      res.status(403).send("Forbidden");
      return;
    }
    const name: unknown = req.body?.name;
    const cookie = sessions.issue(typeof name === "string" ? name.trim() : "");
    if (!cookie) {
      send(res, loginPage(client, { rejectedName: true }));
      return;
    }
    res.setHeader("set-cookie", cookie);
    res.redirect(303, "/");
  });
  app.post("/logout", (req, res) => {
    if (isCrossSitePost(req.headers.origin, req.headers.host)) {
      res.status(403).send("Forbidden");
      return;
    }
    res.setHeader("set-cookie", sessions.clear());
    res.redirect(303, "/login");
  });
  return app;
}

function send(res: Response, page: HtmlPage): void {
  res.status(page.status).set(page.headers).send(page.html);
}
