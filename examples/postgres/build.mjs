// Bundles the chat page's client into examples/postgres/dist: `node examples/postgres/build.mjs`.
import { fileURLToPath } from "node:url";
import { buildForExample } from "../shared/build-client.mjs";

await buildForExample(fileURLToPath(new URL(".", import.meta.url)));
