import { expect } from "vitest";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** The audit log and session memory. */
export function auditAndMemoryTests(test: Define, { store, principal }: StoreTestContext): void {
  test("audit.append records queries and audit.list pages newest first, by session", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    const first = await store().audit.append(p, {
      sessionId: s.id,
      question: "How many days?",
      sql: "SELECT count(*) FROM weather",
      ok: true,
      rowCount: 1,
      durationMs: 4.5,
      model: "offline",
      provider: "quarry",
      usage: { inputTokens: 0, outputTokens: 0 },
      details: { cache: "miss" },
    });
    expect(first).toMatchObject({
      userId: p.userId,
      tenantId: p.tenantId,
      sessionId: s.id,
      ok: true,
      rowCount: 1,
      error: null,
    });
    const entries = [first];
    for (let i = 0; i < 4; i++) {
      entries.push(
        await store().audit.append(p, { ok: false, error: `boom ${i}`, durationMs: i, sql: "SELEC" }),
      );
    }
    const page1 = await store().audit.list(p, { limit: 3 });
    expect(page1.items.map((e) => e.id)).toEqual(
      entries
        .slice(2)
        .reverse()
        .map((e) => e.id),
    );
    const page2 = await store().audit.list(p, { limit: 3, cursor: page1.nextCursor! });
    expect(page2).toEqual({ items: [entries[1], entries[0]], nextCursor: null });
    expect((await store().audit.list(p, { sessionId: s.id })).items).toEqual([first]);
    expect((await store().audit.list({ ...p, userId: "mallory" })).items).toEqual([]);
    await expectCode(store().audit.append(p, { ok: "yes", durationMs: 1 } as never), "INVALID_INPUT");
    await expectCode(store().audit.list(p, { cursor: "%%%" }), "INVALID_INPUT");
  });

  test("memory starts empty, is replaced by put, and belongs to the session's owner", async () => {
    const alice = principal("alice");
    const s = await store().sessions.create(alice);
    expect(await store().memory.get(alice, s.id)).toEqual({
      sessionId: s.id,
      summary: "",
      preferences: [],
      updatedAt: null,
    });
    const put = await store().memory.put(alice, s.id, {
      summary: "Asked about rain.",
      preferences: ["use fiscal years"],
    });
    expect(put).toMatchObject({
      sessionId: s.id,
      summary: "Asked about rain.",
      preferences: ["use fiscal years"],
    });
    expect(await store().memory.get(alice, s.id)).toEqual(put);
    const again = await store().memory.put(alice, s.id, { summary: "", preferences: ["amounts in EUR"] });
    expect(await store().memory.get(alice, s.id)).toEqual(again);
    const mallory = { ...alice, userId: "mallory" };
    await expectCode(store().memory.get(mallory, s.id), "NOT_FOUND");
    await expectCode(store().memory.put(mallory, s.id, { summary: "x", preferences: [] }), "NOT_FOUND");
    await expectCode(
      store().memory.put(alice, s.id, { summary: 1, preferences: [] } as never),
      "INVALID_INPUT",
    );
    await expectCode(store().memory.get(alice, "missing"), "NOT_FOUND");
    expect(await store().memory.get(alice, s.id)).toEqual(again);
  });
}
