import { expect } from "vitest";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** Feedback: one per message and user, upserted. */
export function feedbackTests(test: Define, { store, principal }: StoreTestContext): void {
  test("feedback.upsert keeps one record per message and user, replacing the rating", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    const m = await store().messages.append(p, s.id, {
      role: "assistant",
      parts: [{ type: "text", text: "5" }],
    });
    const first = await store().feedback.upsert(p, {
      messageId: m.id,
      rating: "down",
      comment: "wrong year",
    });
    expect(first).toMatchObject({
      messageId: m.id,
      sessionId: s.id,
      userId: p.userId,
      tenantId: p.tenantId,
      rating: "down",
      comment: "wrong year",
      correction: null,
    });
    const second = await store().feedback.upsert(p, {
      messageId: m.id,
      rating: "up",
      correction: "SELECT 1",
    });
    expect(second).toMatchObject({
      rating: "up",
      comment: null,
      correction: "SELECT 1",
      createdAt: first.createdAt,
    });
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(await store().feedback.get(p, m.id)).toEqual(second);
    expect(await store().feedback.list(p, { sessionId: s.id })).toEqual([second]);
  });

  test("feedback on a message the caller cannot see is NOT_FOUND; bad ratings are INVALID_INPUT", async () => {
    const alice = principal("alice");
    const s = await store().sessions.create(alice);
    const m = await store().messages.append(alice, s.id, { role: "assistant", parts: [] });
    const mallory = { ...alice, userId: "mallory" };
    await expectCode(store().feedback.upsert(mallory, { messageId: m.id, rating: "down" }), "NOT_FOUND");
    await expectCode(store().feedback.upsert(alice, { messageId: "missing", rating: "up" }), "NOT_FOUND");
    await expectCode(
      store().feedback.upsert(alice, { messageId: m.id, rating: "meh" } as never),
      "INVALID_INPUT",
    );
    expect(await store().feedback.get(alice, m.id)).toBeNull();
    expect(await store().feedback.get(mallory, m.id)).toBeNull();
  });

  test("feedback.list filters by session and rating, newest first", async () => {
    const p = principal();
    const s1 = await store().sessions.create(p);
    const s2 = await store().sessions.create(p);
    const ids: string[] = [];
    for (const [session, rating] of [
      [s1, "up"],
      [s1, "down"],
      [s2, "up"],
    ] as const) {
      const m = await store().messages.append(p, session.id, { role: "assistant", parts: [] });
      await store().feedback.upsert(p, { messageId: m.id, rating });
      ids.push(m.id);
    }
    const list = async (options: { sessionId?: string; rating?: "up" | "down" }) =>
      (await store().feedback.list(p, options)).map((f) => f.messageId);
    expect(await list({})).toEqual([ids[2], ids[1], ids[0]]);
    expect(await list({ sessionId: s1.id })).toEqual([ids[1], ids[0]]);
    expect(await list({ rating: "up" })).toEqual([ids[2], ids[0]]);
    expect(await list({ sessionId: s1.id, rating: "up" })).toEqual([ids[0]]);
    expect(await store().feedback.list(principal(), {})).toEqual([]);
  });
}
