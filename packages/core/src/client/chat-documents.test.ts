import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createChatClient } from "./chat-client.js";
import { FakeTransport, gate } from "./client-fixtures.js";
import { isDocumentFile } from "./document-files.js";

const pdf = (name = "report.pdf") => new File(["%PDF-1.7\n"], name, { type: "application/pdf" });
const csv = (name = "sales.csv") => new File(["region,amount\nNorth,1\n"], name, { type: "text/csv" });

async function started(pollMs = 5) {
  const transport = new FakeTransport();
  const client = createChatClient({ transport, storage: null, documentPollMs: pollMs });
  await client.ready;
  return { transport, client };
}

/** Waits (a few event-loop turns at a time) until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error("until: timed out");
}

describe("isDocumentFile", () => {
  it("sends PDF, text and Markdown to documents and tables to datasets, by extension then media type", () => {
    expect(isDocumentFile({ name: "Report.PDF" })).toBe(true);
    expect(isDocumentFile({ name: "notes.txt", type: "" })).toBe(true);
    expect(isDocumentFile({ name: "README.md" })).toBe(true);
    expect(isDocumentFile({ name: "guide.markdown" })).toBe(true);
    expect(isDocumentFile({ name: "sales.csv", type: "text/plain" })).toBe(false);
    expect(isDocumentFile({ name: "book.xlsx" })).toBe(false);
    expect(isDocumentFile({ name: "rows.parquet", type: "application/pdf" })).toBe(false);
    // No extension, or one that says nothing: the media type decides, else it is a dataset.
    expect(isDocumentFile({ name: "scan", type: "application/pdf" })).toBe(true);
    expect(isDocumentFile({ name: "notes.v2", type: "text/markdown; charset=utf-8" })).toBe(true);
    expect(isDocumentFile({ name: "export", type: "" })).toBe(false);
  });
});

describe("the chat client's documents", () => {
  it("routes each picked file where it belongs and lists the session's documents", async () => {
    const { transport, client } = await started();
    await client.upload([pdf(), csv(), new File(["# Policy\n"], "policy.md"), new File(["hi"], "notes.txt")]);

    expect(transport.calls.filter((c) => c === "uploadFiles" || c === "uploadDocuments")).toEqual([
      "uploadDocuments",
      "uploadFiles",
      "uploadDocuments",
      "uploadDocuments",
    ]);
    const state = client.getState();
    expect(state.uploads.map((u) => [u.fileName, u.kind, u.state])).toEqual([
      ["report.pdf", "document", "done"],
      ["sales.csv", "dataset", "done"],
      ["policy.md", "document", "done"],
      ["notes.txt", "document", "done"],
    ]);
    expect(state.datasets.map((d) => d.name)).toEqual(["sales"]);
    expect(state.documents.ready).toBe(true);
    expect(state.documents.files.map((f) => [f.fileName, f.status])).toEqual([
      ["report.pdf", "processed"],
      ["policy.md", "processed"],
      ["notes.txt", "processed"],
    ]);
    expect(state.error).toBeNull();
  });

  it("lists again every poll while a file is processing, and stops once none is", async () => {
    const { transport, client } = await started();
    transport.documentOutcome = () => ({ status: "processing", chunks: 0, pages: null });
    await client.upload([pdf()]);
    expect(client.getState().documents).toMatchObject({ ready: false, files: [{ status: "processing" }] });

    const lists = () => transport.calls.filter((c) => c === "listDocuments").length;
    await until(() => lists() >= 3);
    const sessionId = client.getState().currentSessionId!;
    const [file] = transport.documents.get(sessionId)!;
    Object.assign(file!, { status: "processed", chunks: 4, pages: 2 });
    await until(() => client.getState().documents.ready);
    expect(client.getState().documents.files).toEqual([
      expect.objectContaining({ fileName: "report.pdf", status: "processed", chunks: 4, pages: 2 }),
    ]);
    const settled = lists();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(lists()).toBe(settled);
  });

  it("shows a failed file with its reason; removing it makes the session ready again", async () => {
    const { transport, client } = await started();
    transport.documentOutcome = (file) =>
      file.name === "scan.pdf"
        ? { status: "failed", chunks: 0, pages: null, error: "the PDF has no text layer" }
        : {};
    await client.upload([pdf(), pdf("scan.pdf")]);
    const { documents } = client.getState();
    expect(documents.ready).toBe(false);
    const failed = documents.files.find((f) => f.status === "failed");
    expect(failed).toMatchObject({ fileName: "scan.pdf", error: "the PDF has no text layer" });

    await client.removeDocument(failed!.documentId);
    expect(client.getState().documents).toMatchObject({ ready: true, files: [{ fileName: "report.pdf" }] });
    expect(transport.documents.get(client.getState().currentSessionId!)).toHaveLength(1);
  });

  it("shows a failed removal as an error that retry redoes", async () => {
    const { transport, client } = await started();
    await client.upload([pdf()]);
    const [file] = client.getState().documents.files;
    transport.failNext("removeDocument", new QuarryError("INTERNAL", "The server is down."));
    await client.removeDocument(file!.documentId);
    expect(client.getState().error).toMatchObject({ action: "document", message: "The server is down." });
    expect(client.getState().documents.files).toHaveLength(1);
    await client.retry();
    expect(client.getState().error).toBeNull();
    expect(client.getState().documents.files).toEqual([]);
  });

  it("loads a session's documents when it opens, and another session's never show", async () => {
    const { transport, client } = await started();
    const first = transport.addSession({ title: "With a report" });
    const second = transport.addSession({ title: "Empty" });
    transport.documents.set(first.id, [
      { documentId: "doc1", fileName: "report.pdf", status: "processed", chunks: 3, pages: 2 },
    ]);
    await client.openSession(first.id);
    await until(() => client.getState().documents.files.length === 1);
    expect(client.getState().documents.ready).toBe(true);

    await client.openSession(second.id);
    await until(() => transport.calls.filter((c) => c === "listDocuments").length === 2);
    expect(client.getState().documents).toEqual({ ready: false, files: [] });
  });

  it("opens a session even when its documents cannot be listed (a server without documents)", async () => {
    const { transport, client } = await started();
    const session = transport.addSession({ title: "Old server" });
    transport.failNext("listDocuments", new QuarryError("NOT_FOUND", "No such route."));
    await client.openSession(session.id);
    await until(() => transport.calls.includes("listDocuments"));
    expect(client.getState()).toMatchObject({
      currentSessionId: session.id,
      error: null,
      documents: { ready: false, files: [] },
    });
  });

  it("stops polling when another session opens while a file is processing", async () => {
    const { transport, client } = await started();
    transport.documentOutcome = () => ({ status: "processing", chunks: 0, pages: null });
    const held = gate();
    transport.uploadHolds.push(held.promise);
    const uploading = client.upload([pdf()]);
    await until(() => client.getState().uploads[0]?.loaded !== 0);
    expect(client.getState().uploads[0]).toMatchObject({ kind: "document", state: "uploading" });
    held.open();
    await uploading;
    const other = transport.addSession({ title: "Elsewhere" });
    await client.openSession(other.id);
    const lists = () => transport.calls.filter((c) => c === "listDocuments").length;
    const after = lists();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(lists()).toBe(after);
    expect(client.getState().documents.files).toEqual([]);
  });
});
