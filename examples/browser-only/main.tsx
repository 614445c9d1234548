/**
 * Quarry wholly in the browser: IndexedDB for sessions, datasets and their copies, DuckDB-WASM for reading
 * files and running queries, the offline planner instead of an LLM. Nothing leaves the page; the static
 * server only hands out this bundle and the DuckDB-WASM and libpg-query files copied next to it.
 */
import { createQuarry, type Principal } from "@quarry/core";
import { createBrowserIngest, createDuckDbWasmEngineProvider } from "@quarry/core/browser-ingest";
import { createChatClient, localTransport } from "@quarry/core/client";
import { createIndexedDbBlobStore, createIndexedDbStore } from "@quarry/core/indexeddb";
import { createOfflineModel } from "@quarry/core/offline";
import { QuarryChat } from "@quarry/react";
import { createRoot } from "react-dom/client";

/** Files the build copies next to the page: never a CDN. */
const here = (file: string) => new URL(file, document.baseURI).href;
const duckdb = { mainModule: here("duckdb-eh.wasm"), mainWorker: here("duckdb-browser-eh.worker.js") };

/** One person, one device: the data is theirs and stays in this browser profile. */
const principal: Principal = { userId: "me", tenantId: "local" };

async function start(root: HTMLElement): Promise<void> {
  const store = await createIndexedDbStore({ name: "quarry" });
  const blobs = await createIndexedDbBlobStore({ name: "quarry-blobs" });
  const engine = createDuckDbWasmEngineProvider({
    blobs,
    duckdb,
    // The stock DuckDB-WASM cannot parse SQL for the guard, so PostgreSQL's parser (libpg-query) does.
    engine: { libpgQueryWasm: here("libpg-query.wasm") },
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
