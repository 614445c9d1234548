// Bundles the chat page's client into examples/express-server/dist: `node examples/express-server/build.mjs`.
import { fileURLToPath } from "node:url";
import { buildForExample } from "../shared/build-client.mjs";

await buildForExample(fileURLToPath(new URL(".", import.meta.url)));
