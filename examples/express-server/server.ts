/**
 * The Express example: a host app that mounts Quarry under `/api/quarry` behind its own login, and serves
 * the chat page. `node examples/express-server/build.mjs`, then `npx tsx examples/express-server/server.ts`
 * from the repository root; see README.md.
 */
import { createServer } from "node:http";
import type { Express } from "express";
import {
  assembleExample,
  type ExampleApp,
  type ExampleOptions,
  runExample,
} from "../shared/example-parts.js";
import { exitWithError, isMain } from "../shared/node-server.js";
import { createHostApp } from "./host-app.js";

/** Assembles the example: Quarry on the embedded defaults inside the Express host app, not yet listening. */
export function createExampleApp(options: ExampleOptions): Promise<ExampleApp<Express>> {
  return assembleExample(options, "node examples/express-server/build.mjs", createHostApp);
}

if (isMain(import.meta.url)) {
  runExample({
    moduleUrl: import.meta.url,
    name: "Express",
    defaultPort: 3002,
    createExampleApp,
    serverOf: (app) => createServer(app),
  }).catch(exitWithError);
}
