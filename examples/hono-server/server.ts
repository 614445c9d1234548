/**
 * The Hono example: a host app that mounts Quarry under `/api/quarry` behind its own login, and serves the
 * chat page. `node examples/hono-server/build.mjs`, then `npx tsx examples/hono-server/server.ts` from the
 * repository root; see README.md.
 */
import type { Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";
import {
  assembleExample,
  type ExampleApp,
  type ExampleOptions,
  runExample,
} from "../shared/example-parts.js";
import { exitWithError, isMain } from "../shared/node-server.js";
import { createHostApp } from "./host-app.js";

/** Assembles the example: Quarry on the embedded defaults inside the Hono host app, not yet listening. */
export function createExampleApp(options: ExampleOptions): Promise<ExampleApp<Hono>> {
  return assembleExample(options, "node examples/hono-server/build.mjs", createHostApp);
}

if (isMain(import.meta.url)) {
  runExample({
    moduleUrl: import.meta.url,
    name: "Hono",
    defaultPort: 3001,
    createExampleApp,
    // `@hono/node-server` turns Node's requests into web Requests for `app.fetch`.
    serverOf: (app) => createAdaptorServer({ fetch: app.fetch }) as Server,
  }).catch(exitWithError);
}
