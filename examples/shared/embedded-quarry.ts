import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createQuarry, type LanguageModel, type Quarry } from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { createFsBlobStore } from "@quarry/core/fs";
import { createPGliteStore } from "@quarry/core/pglite";

/** Options of {@link createEmbeddedQuarry}. */
export interface EmbeddedQuarryOptions {
  /** The folder of the database (`DIR/db`) and the uploaded files and their copies (`DIR/blobs`). */
  dataDir: string;
  model: LanguageModel;
}

/** Quarry and what closes it. */
export interface EmbeddedQuarry {
  readonly quarry: Quarry;
  /** Closes the pipeline (its DuckDB engines), then the store: an open PGlite keeps Node running. */
  close(): Promise<void>;
}

/**
 * Quarry on the embedded defaults, nothing to install or run beside the app: sessions and datasets in a
 * PGlite database, files on disk, DuckDB over each session's datasets. For several app servers, swap the
 * store and blobs for `createPostgresStore` and `createPostgresBlobStore` over one Postgres (see the
 * Postgres example).
 */
export async function createEmbeddedQuarry(options: EmbeddedQuarryOptions): Promise<EmbeddedQuarry> {
  await mkdir(options.dataDir, { recursive: true });
  const store = await createPGliteStore({ dataDir: join(options.dataDir, "db") });
  const blobs = createFsBlobStore({ root: join(options.dataDir, "blobs") });
  const quarry = createQuarry({
    store,
    blobs,
    model: options.model,
    engine: createDuckDbEngineProvider({ blobs }),
  });
  return {
    quarry,
    async close() {
      await quarry.close();
      await store.close();
      await blobs.close?.();
    },
  };
}
