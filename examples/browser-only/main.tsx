/**
 * Quarry wholly in the browser: IndexedDB for sessions, datasets and their copies, DuckDB-WASM for reading
 * files and running queries, the offline planner instead of an LLM. Nothing leaves the page; the server only
 * hands out the files Vite built, DuckDB-WASM's and libpg-query's included.
 */

import mainWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import mainModule from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import { createQuarry, type Principal } from "@quarry/core";
import { createBrowserIngest, createDuckDbWasmEngineProvider } from "@quarry/core/browser-ingest";
import { createChatClient, localTransport } from "@quarry/core/client";
import { createIndexedDbBlobStore, createIndexedDbStore } from "@quarry/core/indexeddb";
import { createOfflineModel } from "@quarry/core/offline";
import { QuarryChat } from "@quarry/react";
import libpgQueryWasm from "libpg-query/wasm/libpg-query.wasm?url";
import { createRoot } from "react-dom/client";

/**
 * `?url` makes Vite emit these files with the build and hand back their URLs on this origin: never a CDN.
 * The `eh` bundle needs WebAssembly exceptions, which every current browser has.
 */
const duckdb = { mainModule, mainWorker };

/** One person, one device: the data is theirs and stays in this browser profile. */
const principal: Principal = { userId: "me", tenantId: "local" };

async function start(root: HTMLElement): Promise<void> {
  const store = await createIndexedDbStore({ name: "quarry" });
  const blobs = await createIndexedDbBlobStore({ name: "quarry-blobs" });
  const engine = createDuckDbWasmEngineProvider({
    blobs,
    duckdb,
    // The stock DuckDB-WASM cannot parse SQL for the guard, so PostgreSQL's parser (libpg-query) does.
    engine: { libpgQueryWasm },
  });
  const quarry = createQuarry({ store, blobs, model: createOfflineModel(), engine });
  const ingest = createBrowserIngest({ duckdb });
  const client = createChatClient({
    transport: localTransport({ quarry, principal, ingest, clean: ingest.clean }),
  });
  createRoot(root).render(<QuarryChat client={client} />);
}

const root = document.getElementById("app");
if (root) {
  start(root).catch((error: unknown) => {
    root.textContent = `Quarry could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
}
