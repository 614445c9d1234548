import { expect } from "vitest";
import { sampleDataset } from "./dataset-tests.js";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** Ids, copies and other guarantees that keep stored data from being changed by accident. */
export function integrityTests(test: Define, { store, principal }: StoreTestContext): void {
  test("a caller-chosen id that is taken is CONFLICT, for any owner, and changes nothing", async () => {
    const alice = principal("alice");
    const bob = principal("bob");
    const session = await store().sessions.create(alice, { id: `s-${alice.tenantId}`, title: "first" });
    await expectCode(store().sessions.create(alice, { id: session.id, title: "second" }), "CONFLICT");
    await expectCode(store().sessions.create(bob, { id: session.id }), "CONFLICT");
    const message = await store().messages.append(alice, session.id, {
      id: `m-${alice.tenantId}`,
      role: "user",
      parts: [],
    });
    await expectCode(
      store().messages.append(alice, session.id, { id: message.id, role: "user", parts: [] }),
      "CONFLICT",
    );
    const dataset = await store().datasets.create(alice, { ...sampleDataset, id: `d-${alice.tenantId}` });
    await expectCode(
      store().datasets.create(bob, { ...sampleDataset, id: dataset.id, name: "other" }),
      "CONFLICT",
    );
    const doc = await store().documents.create(alice, {
      id: `doc-${alice.tenantId}`,
      fileName: "a.txt",
      mediaType: "text/plain",
      sizeBytes: 1,
    });
    await expectCode(
      store().documents.create(bob, { id: doc.id, fileName: "b.txt", mediaType: "text/plain", sizeBytes: 1 }),
      "CONFLICT",
    );
    expect((await store().sessions.get(alice, session.id))!.title).toBe("first");
    expect(await store().messages.list(alice, session.id)).toHaveLength(1);
    expect((await store().datasets.get(alice, dataset.id))!.name).toBe(sampleDataset.name);
    expect((await store().documents.get(alice, doc.id))!.fileName).toBe("a.txt");
    expect((await store().sessions.list(bob)).items).toEqual([]);
  });

  test("records handed out are copies: changing them changes nothing stored", async () => {
    const p = principal();
    const session = await store().sessions.create(p, { title: "original", metadata: { tags: ["a"] } });
    session.title = "mutated";
    (session.metadata.tags as string[]).push("b");
    const message = await store().messages.append(p, session.id, {
      role: "user",
      parts: [{ type: "text", text: "q" }],
    });
    message.parts.push({ type: "text", text: "injected" });
    const fetched = (await store().sessions.get(p, session.id))!;
    expect(fetched.title).toBe("original");
    expect(fetched.metadata).toEqual({ tags: ["a"] });
    fetched.datasetIds.push("x");
    expect((await store().sessions.get(p, session.id))!.datasetIds).toEqual([]);
    expect((await store().messages.get(p, message.id))!.parts).toEqual([{ type: "text", text: "q" }]);
  });

  test("chunks with a repeated index are rejected; session status moves between idle and busy", async () => {
    const p = principal();
    const doc = await store().documents.create(p, {
      fileName: "a.md",
      mediaType: "text/markdown",
      sizeBytes: 10,
    });
    await expectCode(
      store().chunks.replace(p, doc.id, [
        { index: 0, page: null, text: "a" },
        { index: 0, page: null, text: "b" },
      ]),
      "INVALID_INPUT",
    );
    expect(await store().chunks.list(p, [doc.id])).toEqual([]);
    const s = await store().sessions.create(p);
    expect((await store().sessions.update(p, s.id, { status: "busy" })).status).toBe("busy");
    expect((await store().sessions.update(p, s.id, { status: "idle" })).status).toBe("idle");
    await expectCode(store().sessions.update(p, s.id, { status: "stuck" } as never), "INVALID_INPUT");
  });
}
