import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../../core/src/documents/test-pdfs.js";
import { everyMount, json, principals, readSse, startTestApi, type TestApi } from "../http-test-kit.js";
import { formOf, newSession } from "../upload-test-files.js";

/** The same API, three ways of serving it; every suite below runs against each. */
const mounts = everyMount();

interface ListedFile {
  documentId: string;
  fileName: string;
  status: string;
  chunks: number;
  pages: number | null;
  error?: string;
}
interface Listed {
  ready: boolean;
  files: ListedFile[];
}

/** A staff handbook whose refund rule is on page 2 and nowhere else. */
async function handbook(): Promise<File> {
  const bytes = await makePdf([
    ["Staff handbook", "", "Welcome to the team. Opening hours are nine to five on weekdays."],
    [
      "Returns",
      "",
      "Refunds are accepted within 45 days of purchase when the customer shows the original receipt.",
      "Store credit is offered after that.",
    ],
    ["Parking", "", "Staff park in the lot behind the warehouse."],
  ]);
  return new File([bytes as Uint8Array<ArrayBuffer>], "handbook.pdf", { type: "application/pdf" });
}

const notes = () =>
  new File(["The loading dock closes at noon on Saturdays."], "notes.txt", { type: "text/plain" });

describe.each(mounts)("document routes through the %s", (_name, mount) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ mount, model: createOfflineModel() });
  });
  afterAll(async () => {
    await api.close();
  });

  it("uploads a PDF and a text file, lists them, answers from page 2 with a citation, and removes one", async () => {
    const sessionId = await newSession(api, "alice");
    const uploaded = await api.call(
      "alice",
      `/sessions/${sessionId}/documents`,
      formOf(await handbook(), notes()),
    );
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    const added = (await uploaded.json()) as Listed;
    expect(added.ready).toBe(true);
    expect(added.files).toEqual([
      expect.objectContaining({ fileName: "handbook.pdf", status: "processed", pages: 3 }),
      expect.objectContaining({ fileName: "notes.txt", status: "processed", pages: null, chunks: 1 }),
    ]);
    expect(added.files[0]?.chunks).toBeGreaterThan(0);

    const listed = (await (await api.call("alice", `/sessions/${sessionId}/documents`)).json()) as Listed;
    expect(listed).toEqual(added);
    const session = await (await api.call("alice", `/sessions/${sessionId}`)).json();
    expect(session.documentIds).toEqual(added.files.map((f) => f.documentId));

    const events = await readSse(
      await api.call(
        "alice",
        `/sessions/${sessionId}/messages`,
        json(
          { content: "How long do customers have to get a refund?" },
          { headers: { accept: "text/event-stream" } },
        ),
      ),
    );
    expect(events.some((e) => e.type === "status" && e.status === "retrieving")).toBe(true);
    const done = events.at(-1) as { type: string; message: { parts: { type: string }[] } };
    expect(done.type).toBe("done");
    const citations = done.message.parts.find((p) => p.type === "citations") as
      | { citations: { fileName: string; page: number | null; content: string }[] }
      | undefined;
    expect(citations?.citations[0]).toMatchObject({ fileName: "handbook.pdf", page: 2 });
    expect(citations?.citations[0]?.content).toContain("within 45 days");
    const answer = done.message.parts.find((p) => p.type === "text") as { text: string } | undefined;
    expect(answer?.text).toMatch(/within 45 days.*handbook\.pdf, p\. 2/s);

    const [pdf, text] = added.files;
    const removed = await api.call("alice", `/sessions/${sessionId}/documents/${text?.documentId}`, {
      method: "DELETE",
    });
    expect(removed.status).toBe(204);
    expect(await api.store.documents.get(principals.alice, text?.documentId ?? "")).toBeNull();
    const after = (await (await api.call("alice", `/sessions/${sessionId}/documents`)).json()) as Listed;
    expect(after.files.map((f) => f.documentId)).toEqual([pdf?.documentId]);
    const again = await api.call("alice", `/sessions/${sessionId}/documents/${text?.documentId}`, {
      method: "DELETE",
    });
    expect(again.status).toBe(404);
  });

  it("answers 404 to another user on every document route, and changes nothing", async () => {
    const sessionId = await newSession(api, "alice");
    const { files } = (await (
      await api.call("alice", `/sessions/${sessionId}/documents`, formOf(notes()))
    ).json()) as Listed;
    const documentId = files[0]?.documentId;
    const bobSession = await newSession(api, "bob");
    const attempts: [string, RequestInit][] = [
      [`/sessions/${sessionId}/documents`, formOf(notes())],
      [`/sessions/${sessionId}/documents`, {}],
      [`/sessions/${sessionId}/documents/${documentId}`, { method: "DELETE" }],
      // Alice's document through bob's own session: not his to remove either.
      [`/sessions/${bobSession}/documents/${documentId}`, { method: "DELETE" }],
    ];
    for (const user of ["bob", "eve"] as const) {
      for (const [path, init] of attempts) {
        const response = await api.call(user, path, init);
        expect({ user, path, status: response.status }).toEqual({ user, path, status: 404 });
        expect((await response.json()).error.code).toBe("NOT_FOUND");
      }
    }
    const listed = (await (await api.call("alice", `/sessions/${sessionId}/documents`)).json()) as Listed;
    expect(listed.files).toEqual(files);
    expect(await api.store.documents.list(principals.bob)).toEqual([]);
  });
});
