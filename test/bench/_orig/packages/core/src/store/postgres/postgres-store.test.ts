import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { runStoreConformance } from "../../testing.js";
import { createPostgresStore } from "./postgres-store.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "./test-databases.js";

let pglite: PGlite | undefined;
runStoreConformance({
  name: "postgres (PGlite)",
  createStore: async (options) => {
    pglite = new PGlite();
    return createPostgresStore(pglite, options);
  },
  destroy: () => pglite?.close(),
});

if (testServerUrl) {
  const url = testServerUrl;
  const tablePrefix = randomPrefix("store");
  let pool: pg.Pool | undefined;
  runStoreConformance({
    name: "postgres (pg.Pool)",
    createStore: async (options) => {
      pool = new pg.Pool({ connectionString: url, max: 10 });
      return createPostgresStore(pool, { ...options, tablePrefix });
    },
    destroy: async () => {
      if (!pool) return;
      await dropPrefixedTables(pool, tablePrefix);
      await pool.end();
    },
  });
}
