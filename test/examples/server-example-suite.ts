/**
 * The suite every server example passes (the Hono one and the Express one): its client builds; it serves,
 * over real HTTP on an ephemeral port, the login, the chat page under its CSP, and Quarry under
 * `/api/quarry` behind the session cookie; and a signed-in user uploads a CSV and gets an answer that
 * another user cannot see.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExampleClient, type ExampleClientBuild } from "../../examples/shared/build-client.mjs";
import type { RunningServer } from "../../examples/shared/node-server.js";
import { createSessionCookies } from "../../examples/shared/session-cookie.js";
import { tableOf, Visitor, weatherCsv } from "./example-kit.js";
import type { StartExample } from "./start-examples.js";

/** The entry script's ceiling: React, the widget and the client; the chart libraries load lazily. */
const maxEntryBytes = 600 * 1024;

/** Runs the suite against one server example; `answerAs` is how questions are asked (JSON or SSE). */
export function describeServerExample(title: string, start: StartExample, answerAs: "json" | "sse"): void {
  describe(title, () => {
    const secret = randomBytes(32).toString("base64url");
    let dir: string;
    let client: ExampleClientBuild;
    let server: RunningServer;
    const visitor = (): Visitor => new Visitor(server.url);

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "quarry-example-"));
      client = await buildExampleClient({ outDir: join(dir, "client") });
      server = await start({
        dataDir: join(dir, "data"),
        clientDir: client.outDir,
        secret,
        model: createOfflineModel(),
      });
    });
    afterAll(async () => {
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("builds a client bundle that stays small, with the widget's style hash", async () => {
      const entry = await stat(join(client.outDir, client.script));
      expect(entry.size).toBeGreaterThan(10_000);
      expect(entry.size).toBeLessThan(maxEntryBytes);
      expect((await stat(join(client.outDir, client.stylesheet))).size).toBeGreaterThan(0);
      expect(client.styleHashes).toEqual([expect.stringMatching(/^sha256-[A-Za-z0-9+/]{43}=$/)]);
    });

    it("answers 401 with Quarry's error body without a session, and for forged or foreign cookies", async () => {
      const anonymous = await visitor().fetch("/api/quarry/sessions");
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        error: { code: "UNAUTHORIZED", message: expect.any(String) },
      });

      const alice = visitor();
      await alice.signIn("alice");
      const [payload, signature] = alice.cookie!.split("=")[1]!.split(".") as [string, string];
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
        string,
        unknown
      >;
      const asBob = Buffer.from(JSON.stringify({ ...claims, sub: "bob" })).toString("base64url");
      const foreign = createSessionCookies({ secret: randomBytes(32).toString("base64url") }).issue("alice")!;
      for (const cookie of [
        `quarry_example_session=${asBob}.${signature}`,
        foreign.split(";")[0]!,
        `quarry_example_session=${payload}.${"A".repeat(43)}`,
        "quarry_example_session=garbage",
      ]) {
        const forged = visitor();
        forged.cookie = cookie;
        const response = await forged.fetch("/api/quarry/sessions");
        expect(response.status, cookie).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
      }
      expect((await alice.fetch("/api/quarry/sessions")).status).toBe(200);
    });

    it("signs in with an HttpOnly, SameSite=Lax cookie; refuses bad names and cross-site posts; signs out", async () => {
      const bad = visitor();
      const refused = await bad.signIn("not a name!");
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('role="alert"');
      expect(bad.cookie).toBeNull();

      const crossSite = await visitor().fetch("/login", {
        method: "POST",
        headers: { origin: "https://elsewhere.example" },
        body: new URLSearchParams({ name: "alice" }),
      });
      expect(crossSite.status).toBe(403);
      expect(crossSite.headers.get("set-cookie")).toBeNull();

      const alice = visitor();
      const signedIn = await alice.signIn("alice");
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get("location")).toBe("/");
      const cookie = signedIn.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/^quarry_example_session=[\w-]+\.[\w-]{43}; /);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      expect(cookie).toContain("Path=/");

      const signedOut = await alice.fetch("/logout", { method: "POST", headers: { origin: server.url } });
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get("location")).toBe("/login");
      expect(signedOut.headers.get("set-cookie")).toMatch(/^quarry_example_session=; .*Max-Age=0/);
    });

    it("lets alice upload a CSV and get a four-row answer that bob cannot see", async () => {
      const alice = visitor();
      await alice.signIn("alice");
      const sessionId = await alice.createSession();
      const uploaded = await alice.upload(sessionId, weatherCsv, "seattle-weather.csv");
      expect(uploaded.status).toBe(201);
      const { datasets } = (await uploaded.json()) as { datasets: { rowCount: number }[] };
      expect(datasets.map((d) => d.rowCount)).toEqual([1461]);

      const table = tableOf(await alice.ask(sessionId, "Total precipitation by year", answerAs));
      expect(table.rows).toHaveLength(4);
      expect(table.rows.map((row) => String(row[0]).replace(/\D/g, ""))).toEqual([
        "2012",
        "2013",
        "2014",
        "2015",
      ]);

      const bob = visitor();
      await bob.signIn("bob");
      expect((await bob.fetch(`/api/quarry/sessions/${sessionId}`)).status).toBe(404);
      expect((await bob.fetch(`/api/quarry/sessions/${sessionId}/messages`)).status).toBe(404);
      const bobsList = (await (await bob.fetch("/api/quarry/sessions")).json()) as { items: unknown[] };
      expect(bobsList.items).toEqual([]);
      // Alice still finds hers, with the answer stored.
      const hers = await alice.fetch(`/api/quarry/sessions/${sessionId}`);
      expect(((await hers.json()) as { messages: unknown[] }).messages).toHaveLength(2);
    });

    it("serves the chat page under a strict CSP to a signed-in user, with a script that exists", async () => {
      const anonymous = await visitor().fetch("/");
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("location")).toBe("/login");
      const login = await visitor().fetch("/login");
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('<form method="post" action="/login">');

      const alice = visitor();
      await alice.signIn("alice");
      const page = await alice.fetch("/");
      expect(page.status).toBe(200);
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(`'${client.styleHashes[0]}'`);
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(page.headers.get("cache-control")).toBe("no-store");
      const html = await page.text();
      expect(html).toContain("Signed in as <strong>alice</strong>");
      const script = /<script type="module" src="([^"]+)"><\/script>/.exec(html)?.[1];
      expect(script).toBe(`/${client.script}`);

      const asset = await visitor().fetch(script!);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(/javascript/);
      expect(asset.headers.get("cache-control")).toMatch(/immutable/);
      expect((await asset.arrayBuffer()).byteLength).toBe(
        (await stat(join(client.outDir, client.script))).size,
      );
      expect((await visitor().fetch("/assets/nothing-here.js")).status).toBe(404);
    });
  });
}
