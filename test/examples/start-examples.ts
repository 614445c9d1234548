/** Each server example started as its `server.ts` starts it, on a free loopback port. */
import { createServer, type Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import { createExampleApp as createExpressExample } from "../../examples/express-server/server.js";
import { createExampleApp as createHonoExample } from "../../examples/hono-server/server.js";
import type { ExampleOptions } from "../../examples/shared/example-parts.js";
import { type RunningServer, startServer } from "../../examples/shared/node-server.js";

/** Starts a server example with these options; `close()` stops it and closes its data. */
export type StartExample = (options: ExampleOptions) => Promise<RunningServer>;

export const startHonoExample: StartExample = async (options) => {
  const example = await createHonoExample(options);
  const server = createAdaptorServer({ fetch: example.app.fetch }) as Server;
  return startServer(server, { port: 0, onClose: example.close });
};

export const startExpressExample: StartExample = async (options) => {
  const example = await createExpressExample(options);
  return startServer(createServer(example.app), { port: 0, onClose: example.close });
};
