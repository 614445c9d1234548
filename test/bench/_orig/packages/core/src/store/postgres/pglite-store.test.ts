import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresBlobStore } from "../../blob/postgres-blob-store.js";
import { createPGliteStore } from "../../pglite.js";

const alice = { userId: "alice", tenantId: "acme" };

describe("createPGliteStore", () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it("keeps data in a folder across close and reopen, and close closes the database", async () => {
    const parent = await mkdtemp(join(tmpdir(), "quarry-pglite-"));
    folders.push(parent);
    // A folder that does not exist yet, as a first start would have.
    const dataDir = join(parent, "db");
    const first = await createPGliteStore({ dataDir });
    const session = await first.sessions.create(alice, { title: "persisted" });
    const message = await first.messages.append(alice, session.id, {
      role: "user",
      parts: [{ type: "text", text: "Still there?" }],
    });
    const blobs = await createPostgresBlobStore(first.pglite);
    await blobs.put("exports/a.txt", "kept too", { contentType: "text/plain" });
    await first.close();
    expect(first.pglite.closed).toBe(true);
    await first.close();

    const second = await createPGliteStore({ dataDir });
    try {
      expect(await second.sessions.get(alice, session.id)).toEqual({
        ...session,
        updatedAt: message.createdAt,
      });
      expect(await second.messages.list(alice, session.id)).toEqual([message]);
      expect((await second.sessions.list(alice, { search: "still" })).items.map((s) => s.id)).toEqual([
        session.id,
      ]);
      const reopened = await createPostgresBlobStore(second.pglite);
      const object = await reopened.get("exports/a.txt");
      expect(
        object && { contentType: object.contentType, text: await new Response(object.body).text() },
      ).toEqual({
        contentType: "text/plain",
        text: "kept too",
      });
    } finally {
      await second.close();
    }
  });

  it("lives in memory without a folder, and passes store options on", async () => {
    const store = await createPGliteStore({ tablePrefix: "mem_", now: () => new Date(Date.UTC(2030, 0, 1)) });
    try {
      const session = await store.sessions.create(alice);
      expect(session.createdAt).toBe("2030-01-01T00:00:00.000Z");
      const { rows } = await store.pglite.query("SELECT count(*)::int AS n FROM mem_sessions");
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await store.close();
    }
    expect(store.pglite.closed).toBe(true);
  });

  it("rejects bad options before opening a database", async () => {
    await expect(createPGliteStore({ tablePrefix: "Bad-Prefix" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});
