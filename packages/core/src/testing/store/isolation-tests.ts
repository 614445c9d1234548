import { expect } from "vitest";
import type { Principal } from "../../model/principal.js";
import type { Store } from "../../store/store.js";
import { sampleDataset } from "./dataset-tests.js";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** Everything one principal owns, read back in full, to check that nobody else changed it. */
async function snapshot(store: Store, p: Principal, ids: Awaited<ReturnType<typeof seed>>) {
  return {
    session: await store.sessions.get(p, ids.session),
    messages: await store.messages.list(p, ids.session),
    feedback: await store.feedback.get(p, ids.message),
    dataset: await store.datasets.versions(p, ids.dataset),
    document: await store.documents.get(p, ids.document),
    chunks: await store.chunks.list(p, [ids.document]),
    audit: await store.audit.list(p),
    memory: await store.memory.get(p, ids.session),
  };
}

async function seed(store: Store, p: Principal) {
  const session = await store.sessions.create(p, { title: "alice's secret" });
  const message = await store.messages.append(p, session.id, {
    role: "assistant",
    parts: [{ type: "text", text: "42" }],
  });
  await store.feedback.upsert(p, { messageId: message.id, rating: "up" });
  const dataset = await store.datasets.create(p, sampleDataset);
  const document = await store.documents.create(p, {
    fileName: "a.txt",
    mediaType: "text/plain",
    sizeBytes: 1,
  });
  await store.chunks.replace(p, document.id, [{ index: 0, page: null, text: "secret" }]);
  await store.memory.put(p, session.id, { summary: "secret", preferences: [] });
  await store.audit.append(p, { sessionId: session.id, ok: true, durationMs: 1 });
  return { session: session.id, message: message.id, dataset: dataset.id, document: document.id };
}

/** Another user, and the same user id in another tenant, see and change nothing of the owner's. */
export function isolationTests(test: Define, { store, principal }: StoreTestContext): void {
  test("another user or tenant reads nothing and changes nothing, on every method", async () => {
    const alice = principal("alice");
    const ids = await seed(store(), alice);
    const before = await snapshot(store(), alice, ids);
    for (const intruder of [
      { ...alice, userId: "mallory" },
      { ...alice, tenantId: `${alice.tenantId}-x` },
    ]) {
      const s = store();
      expect(await s.sessions.get(intruder, ids.session)).toBeNull();
      expect((await s.sessions.list(intruder, { archived: "include" })).items).toEqual([]);
      expect((await s.sessions.list(intruder, { search: "secret" })).items).toEqual([]);
      expect(await s.messages.get(intruder, ids.message)).toBeNull();
      expect(await s.feedback.get(intruder, ids.message)).toBeNull();
      expect(await s.feedback.list(intruder, { sessionId: ids.session })).toEqual([]);
      expect(await s.datasets.get(intruder, ids.dataset)).toBeNull();
      expect(await s.datasets.list(intruder)).toEqual([]);
      expect(await s.datasets.versions(intruder, ids.dataset)).toEqual([]);
      expect(await s.documents.get(intruder, ids.document)).toBeNull();
      expect(await s.documents.list(intruder, { ids: [ids.document] })).toEqual([]);
      expect(await s.chunks.list(intruder, [ids.document])).toEqual([]);
      expect((await s.audit.list(intruder, { sessionId: ids.session })).items).toEqual([]);
      const writes: Promise<unknown>[] = [
        s.sessions.update(intruder, ids.session, { title: "pwned" }),
        s.sessions.attach(intruder, ids.session, { datasetIds: ["x"] }),
        s.sessions.detach(intruder, ids.session, { datasetIds: [ids.dataset] }),
        s.sessions.delete(intruder, ids.session),
        s.messages.append(intruder, ids.session, { role: "user", parts: [] }),
        s.messages.list(intruder, ids.session),
        s.messages.edit(intruder, ids.message, { parts: [] }),
        s.feedback.upsert(intruder, { messageId: ids.message, rating: "down" }),
        s.datasets.newVersion(intruder, ids.dataset, { rowCount: 0 }),
        s.datasets.setGlossary(intruder, ids.dataset, []),
        s.datasets.softDelete(intruder, ids.dataset),
        s.documents.update(intruder, ids.document, { status: "failed" }),
        s.documents.delete(intruder, ids.document),
        s.chunks.replace(intruder, ids.document, []),
        s.memory.get(intruder, ids.session),
        s.memory.put(intruder, ids.session, { summary: "pwned", preferences: [] }),
      ];
      // Awaited together: a rejection nobody awaits yet would be reported as unhandled.
      await Promise.all(writes.map((write) => expectCode(write, "NOT_FOUND")));
    }
    expect(await snapshot(store(), alice, ids)).toEqual(before);
  });
}
