import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "../store/postgres/test-databases.js";
import { expectCode, runBlobStoreConformance } from "../testing.js";
import { createPostgresBlobStore } from "./postgres-blob-store.js";

let pglite: PGlite | undefined;
runBlobStoreConformance({
  name: "postgres (PGlite)",
  createBlobStore: () => {
    pglite = new PGlite();
    return createPostgresBlobStore(pglite);
  },
  destroy: () => pglite?.close(),
});

if (testServerUrl) {
  const url = testServerUrl;
  const tablePrefix = randomPrefix("blob");
  let pool: pg.Pool | undefined;
  runBlobStoreConformance({
    name: "postgres (pg.Pool)",
    createBlobStore: () => {
      pool = new pg.Pool({ connectionString: url, max: 10 });
      return createPostgresBlobStore(pool, { tablePrefix });
    },
    destroy: async () => {
      if (!pool) return;
      await dropPrefixedTables(pool, tablePrefix);
      await pool.end();
    },
  });
}

describe("the Postgres BlobStore's chunks", () => {
  let db: PGlite;
  beforeAll(() => {
    db = new PGlite();
  });
  afterAll(() => db.close());
  const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]?.n;
  const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 13) & 0xff);

  it("splits objects into rows of chunkSize bytes and leaves no rows of failed puts", async () => {
    const blobs = await createPostgresBlobStore(db, { tablePrefix: "small_", chunkSize: 1000 });
    await blobs.put("a", bytes(10_500));
    expect(await count("SELECT count(*)::int AS n FROM small_blob_chunks")).toBe(11);
    await expectCode(blobs.put("b", bytes(5_000), { maxBytes: 4_999 }), "PAYLOAD_TOO_LARGE");
    await blobs.put("a", bytes(2_000));
    expect(await count("SELECT count(*)::int AS n FROM small_blob_chunks")).toBe(2);
    expect(await new Response((await blobs.get("a"))!.body).bytes()).toEqual(bytes(2_000));
    await blobs.delete("a");
    expect(await count("SELECT count(*)::int AS n FROM small_blob_chunks")).toBe(0);
    await expectCode(createPostgresBlobStore(db, { chunkSize: 0 }), "INVALID_INPUT");
  });

  it("removes on start the chunks an interrupted put left more than a day ago", async () => {
    await createPostgresBlobStore(db, { tablePrefix: "sweep_" });
    await db.query(
      "INSERT INTO sweep_blob_chunks (object_id, n, data, created_at) VALUES ('old', 0, 'x', now() - interval '2 days'), ('recent', 0, 'x', now())",
    );
    const blobs = await createPostgresBlobStore(db, { tablePrefix: "sweep_" });
    await blobs.put("kept", "kept");
    await db.query("UPDATE sweep_blob_chunks SET created_at = now() - interval '3 days'");
    await db.query("UPDATE sweep_blob_chunks SET created_at = now() WHERE object_id = 'recent'");
    await createPostgresBlobStore(db, { tablePrefix: "sweep_" });
    const { rows } = await db.query<{ object_id: string }>(
      "SELECT object_id FROM sweep_blob_chunks ORDER BY 1",
    );
    expect(rows.map((row) => row.object_id).filter((id) => id === "old" || id === "recent")).toEqual([
      "recent",
    ]);
    expect(await new Response((await blobs.get("kept"))!.body).text()).toBe("kept");
  });

  it("fails a read whose object is replaced midway instead of mixing two objects", async () => {
    const blobs = await createPostgresBlobStore(db, { tablePrefix: "mid_", chunkSize: 100 });
    await blobs.put("k", bytes(1_000));
    const reader = (await blobs.get("k"))!.body.getReader();
    expect((await reader.read()).value).toEqual(bytes(100));
    await blobs.put("k", bytes(50));
    // The stream may have fetched a chunk ahead; the ones after it are gone.
    const rest = async () => {
      while (!(await reader.read()).done);
    };
    await expect(rest()).rejects.toMatchObject({ code: "STORAGE_ERROR" });
  });
});
