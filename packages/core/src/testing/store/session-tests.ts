import { expect } from "vitest";
import type { Session } from "../../model/session.js";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** Sessions: create, get, list (search, archived, order, pages), update, attach, delete. */
export function sessionTests(test: Define, { store, principal }: StoreTestContext): void {
  test("sessions.create fills defaults and owner from the principal", async () => {
    const alice = principal("alice");
    const session = await store().sessions.create(alice, {
      title: "Sales 📈",
      metadata: { source: { app: "x" } },
    });
    expect(session).toMatchObject({
      ownerId: alice.userId,
      tenantId: alice.tenantId,
      title: "Sales 📈",
      datasetIds: [],
      documentIds: [],
      pinned: false,
      archived: false,
      status: "idle",
      metadata: { source: { app: "x" } },
    });
    expect(session.id).toBeTruthy();
    expect(session.createdAt).toBe(session.updatedAt);
    expect(await store().sessions.get(alice, session.id)).toEqual(session);
  });

  test("sessions.create rejects invalid input and writes nothing", async () => {
    const p = principal();
    await expectCode(store().sessions.create(p, { title: "x".repeat(201) }), "INVALID_INPUT");
    await expectCode(store().sessions.create(p, { colour: "red" } as never), "INVALID_INPUT");
    await expectCode(store().sessions.create(p, { metadata: { big: "x".repeat(20_000) } }), "INVALID_INPUT");
    await expectCode(store().sessions.create(p, { pinned: "yes" } as never), "INVALID_INPUT");
    await expectCode(store().sessions.create({ userId: "", tenantId: "t" }, {}), "INVALID_INPUT");
    expect((await store().sessions.list(p, { archived: "include" })).items).toEqual([]);
  });

  test("sessions.get answers null for unknown ids and for other users and tenants", async () => {
    const alice = principal("alice");
    const session = await store().sessions.create(alice, { title: "mine" });
    expect(await store().sessions.get(alice, "no-such-id")).toBeNull();
    expect(await store().sessions.get({ ...alice, userId: "mallory" }, session.id)).toBeNull();
    expect(
      await store().sessions.get({ ...alice, tenantId: `${alice.tenantId}-other` }, session.id),
    ).toBeNull();
  });

  test("sessions.update changes title, pinned, archived and metadata only for the owner", async () => {
    const alice = principal("alice");
    const created = await store().sessions.create(alice, { title: "old", metadata: { a: 1 } });
    const updated = await store().sessions.update(alice, created.id, {
      title: "new",
      pinned: true,
      metadata: { b: 2 },
    });
    expect(updated).toMatchObject({ title: "new", pinned: true, archived: false, metadata: { b: 2 } });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    const archived = await store().sessions.update(alice, created.id, { archived: true });
    expect(archived).toMatchObject({ title: "new", pinned: true, archived: true });
    await expectCode(
      store().sessions.update({ ...alice, userId: "mallory" }, created.id, { title: "pwned" }),
      "NOT_FOUND",
    );
    await expectCode(store().sessions.update(alice, "no-such-id", { title: "x" }), "NOT_FOUND");
    await expectCode(store().sessions.update(alice, created.id, { title: 42 } as never), "INVALID_INPUT");
    await expectCode(
      store().sessions.update(alice, created.id, { ownerId: "bob" } as never),
      "INVALID_INPUT",
    );
    expect(await store().sessions.get(alice, created.id)).toEqual(archived);
  });

  test("sessions.list excludes archived by default, includes them or lists only them on request", async () => {
    const p = principal();
    const open = await store().sessions.create(p, { title: "open" });
    const old = await store().sessions.create(p, { title: "old" });
    await store().sessions.update(p, old.id, { archived: true });
    const ids = async (archived?: "exclude" | "include" | "only") =>
      (await store().sessions.list(p, archived ? { archived } : {})).items.map((s) => s.id);
    expect(await ids()).toEqual([open.id]);
    expect(await ids("exclude")).toEqual([open.id]);
    expect((await ids("include")).sort()).toEqual([open.id, old.id].sort());
    expect(await ids("only")).toEqual([old.id]);
  });

  test("sessions.list puts pinned first, then the most recently updated", async () => {
    const p = principal();
    const a = await store().sessions.create(p, { title: "a" });
    const b = await store().sessions.create(p, { title: "b" });
    const c = await store().sessions.create(p, { title: "c" });
    await store().sessions.update(p, a.id, { pinned: true });
    await store().messages.append(p, b.id, { role: "user", parts: [{ type: "text", text: "hi" }] });
    const titles = (await store().sessions.list(p)).items.map((s) => s.title);
    expect(titles).toEqual(["a", "b", "c"]);
    expect((await store().sessions.get(p, b.id))!.updatedAt > c.updatedAt).toBe(true);
  });

  test("sessions.list pages with cursors without gaps or repeats", async () => {
    const p = principal();
    const made: Session[] = [];
    for (let i = 0; i < 25; i++)
      made.push(await store().sessions.create(p, { title: `s${i}`, pinned: i % 7 === 0 }));
    const all = (await store().sessions.list(p, { limit: 200 })).items.map((s) => s.id);
    expect(all).toHaveLength(25);
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store().sessions.list(p, { limit: 10, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
    const pinned = made
      .filter((s) => s.pinned)
      .map((s) => s.id)
      .reverse();
    expect(all.slice(0, pinned.length)).toEqual(pinned);
  });

  test("sessions.list rejects a forged cursor and bad options", async () => {
    const p = principal();
    await expectCode(store().sessions.list(p, { cursor: "not-a-cursor" }), "INVALID_INPUT");
    await expectCode(store().sessions.list(p, { limit: 0 }), "INVALID_INPUT");
    await expectCode(store().sessions.list(p, { archived: "maybe" } as never), "INVALID_INPUT");
  });

  test("sessions.list searches titles and message text, case-insensitively, word by word", async () => {
    const p = principal();
    const rain = await store().sessions.create(p, { title: "Seattle Weather" });
    const cars = await store().sessions.create(p, { title: "Cars" });
    const other = await store().sessions.create(p, { title: "Misc" });
    await store().messages.append(p, cars.id, {
      role: "user",
      parts: [{ type: "text", text: "Average HORSEPOWER by origin" }],
    });
    await store().messages.append(p, cars.id, {
      role: "assistant",
      parts: [{ type: "text", text: "Europe leads on mpg" }],
    });
    await store().messages.append(p, other.id, {
      role: "assistant",
      parts: [
        { type: "sql", sql: "select horsepower" },
        { type: "text", text: "1000 rows" },
      ],
    });
    const find = async (search: string) =>
      (await store().sessions.list(p, { search })).items.map((s) => s.id);
    expect(await find("weather")).toEqual([rain.id]);
    expect(await find("horsepower")).toEqual([cars.id]);
    expect(await find("horsepower europe")).toEqual([cars.id]);
    expect(await find("horsepower seattle")).toEqual([]);
    expect(await find("100%_")).toEqual([]);
    expect(await store().sessions.list(principal(), { search: "weather" })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  test("sessions.attach and detach add and remove datasets and documents once", async () => {
    const p = principal();
    const s = await store().sessions.create(p, { datasetIds: ["d1"] });
    const attached = await store().sessions.attach(p, s.id, {
      datasetIds: ["d1", "d2"],
      documentIds: ["doc1"],
    });
    expect(attached.datasetIds).toEqual(["d1", "d2"]);
    expect(attached.documentIds).toEqual(["doc1"]);
    const detached = await store().sessions.detach(p, s.id, { datasetIds: ["d1"] });
    expect(detached.datasetIds).toEqual(["d2"]);
    expect(detached.documentIds).toEqual(["doc1"]);
    await Promise.all(
      ["a", "b", "c", "d"].map((id) => store().sessions.attach(p, s.id, { datasetIds: [id] })),
    );
    expect((await store().sessions.get(p, s.id))!.datasetIds.sort()).toEqual(["a", "b", "c", "d", "d2"]);
    await expectCode(
      store().sessions.attach({ ...p, userId: "mallory" }, s.id, { datasetIds: ["x"] }),
      "NOT_FOUND",
    );
    await expectCode(store().sessions.attach(p, s.id, { datasetIds: ["bad id!"] }), "INVALID_INPUT");
  });

  test("sessions.delete removes messages, feedback and memory, only for the owner", async () => {
    const p = principal();
    const s = await store().sessions.create(p, { title: "doomed" });
    const m = await store().messages.append(p, s.id, {
      role: "assistant",
      parts: [{ type: "text", text: "42" }],
    });
    await store().feedback.upsert(p, { messageId: m.id, rating: "up" });
    await store().memory.put(p, s.id, { summary: "sum", preferences: ["EUR"] });
    const audit = await store().audit.append(p, { sessionId: s.id, ok: true, durationMs: 1 });
    await expectCode(store().sessions.delete({ ...p, userId: "mallory" }, s.id), "NOT_FOUND");
    expect(await store().sessions.get(p, s.id)).not.toBeNull();
    await store().sessions.delete(p, s.id);
    expect(await store().sessions.get(p, s.id)).toBeNull();
    expect(await store().messages.get(p, m.id)).toBeNull();
    expect(await store().feedback.get(p, m.id)).toBeNull();
    expect(await store().feedback.list(p, {})).toEqual([]);
    await expectCode(store().messages.list(p, s.id), "NOT_FOUND");
    await expectCode(store().memory.get(p, s.id), "NOT_FOUND");
    await expectCode(store().sessions.delete(p, s.id), "NOT_FOUND");
    // The audit trail outlives the conversation.
    expect((await store().audit.list(p)).items.map((a) => a.id)).toEqual([audit.id]);
  });
}
