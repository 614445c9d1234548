// Bundles the chat page's client into examples/hono-server/dist: `node examples/hono-server/build.mjs`.
import { fileURLToPath } from "node:url";
import { buildForExample } from "../shared/build-client.mjs";

await buildForExample(fileURLToPath(new URL(".", import.meta.url)));
