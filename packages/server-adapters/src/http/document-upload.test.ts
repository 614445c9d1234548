import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeCorruptPdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makePdf,
} from "../../../core/src/documents/test-pdfs.js";
import { json, principals, readSse, startTestApi, type TestApi } from "./http-test-kit.js";
import { formOf, newSession, streamedFormOf } from "./upload-test-files.js";

let api: TestApi;
let small: TestApi;
beforeAll(async () => {
  api = await startTestApi({ model: createOfflineModel() });
  small = await startTestApi({ handler: { limits: { uploadBytes: 20_000 } } });
});
afterAll(async () => {
  await api.close();
  await small.close();
});

const file = (bytes: Uint8Array | string, name: string, type = "") =>
  new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
/** The start of a Windows executable: binary, with NUL bytes. */
const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);
const factPdf = () => makePdf([["Cover page."], ["The vault code is 7319, kept by the night porter."]]);

/** What is stored of alice's: her documents and every blob. */
async function stored(target: TestApi) {
  return {
    documents: await target.store.documents.list(principals.alice),
    blobs: await target.quarry.blobs.list("tenants/"),
  };
}

/** Uploads as alice into a new session: the status, the body and whether anything was stored. */
async function post(target: TestApi, init: RequestInit) {
  const sessionId = await newSession(target, "alice");
  const before = JSON.stringify(await stored(target));
  const response = await target.call("alice", `/sessions/${sessionId}/documents`, init);
  const body = await response.json();
  const unchanged = JSON.stringify(await stored(target)) === before;
  return { sessionId, status: response.status, body, unchanged };
}

describe("uploading documents: bad input", () => {
  it("answers 413 past the upload limit, declared or streamed, before anything is stored", async () => {
    const big = file("Lorem ipsum dolor sit amet. ".repeat(1_000), "long.txt");
    const declared = await post(small, formOf(big));
    expect(declared).toMatchObject({
      status: 413,
      body: { error: { code: "PAYLOAD_TOO_LARGE" } },
      unchanged: true,
    });

    const streamed = await post(small, streamedFormOf(file("A short note.", "short.txt"), big));
    expect(streamed).toMatchObject({ status: 413, unchanged: true });
    expect(await small.store.documents.list(principals.alice)).toEqual([]);
  });

  it("answers 415 to a file that is clearly not a document, checked before any file is read", async () => {
    expect(await post(api, formOf(file(exe, "setup.exe")))).toMatchObject({
      status: 415,
      body: { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringContaining('"setup.exe"') } },
      unchanged: true,
    });
    const mixed = await post(api, formOf(file(await factPdf(), "facts.pdf"), file(exe, "photo.png")));
    expect(mixed).toMatchObject({ status: 415, unchanged: true });
    expect(await post(api, json({ file: "text" }))).toMatchObject({ status: 415, unchanged: true });
    expect(await post(api, { method: "POST", body: new FormData() })).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_INPUT" } },
      unchanged: true,
    });
  });

  it("ends each bad file failed with its reason, keeps the good ones, and the session stays usable", async () => {
    const { sessionId, status, body } = await post(
      api,
      formOf(
        file(makeCorruptPdf(), "damaged.pdf"),
        file(makeEncryptedPdf(), "locked.pdf"),
        file(await makeImageOnlyPdf(), "scan.pdf"),
        file("", "empty.txt"),
        file(exe, "not-really.pdf"),
        // Extensions that lie both ways: content decides.
        file(await factPdf(), "facts.txt", "text/plain"),
        file("Visitors sign in at the front desk.", "visitors.pdf", "application/pdf"),
      ),
    );
    expect(status).toBe(200);
    const outcome = (
      body.files as { fileName: string; status: string; pages: number | null; error?: string }[]
    ).map((f) => [f.fileName, f.status, f.error ?? f.pages]);
    expect(outcome).toEqual([
      ["damaged.pdf", "failed", expect.stringMatching(/damaged/i)],
      ["locked.pdf", "failed", expect.stringMatching(/password/i)],
      ["scan.pdf", "failed", expect.stringMatching(/no text layer/i)],
      ["empty.txt", "failed", expect.stringMatching(/empty/i)],
      ["not-really.pdf", "failed", expect.stringMatching(/not a PDF or text/i)],
      ["facts.txt", "processed", 2],
      ["visitors.pdf", "processed", null],
    ]);
    expect(body.ready).toBe(false);

    // The processed files answer questions beside the failed ones.
    const events = await readSse(
      await api.call(
        "alice",
        `/sessions/${sessionId}/messages`,
        json({ content: "What is the vault code?" }, { headers: { accept: "text/event-stream" } }),
      ),
    );
    const done = events.at(-1) as {
      type: string;
      message: { parts: { type: string; citations?: unknown[] }[] };
    };
    expect(done.type).toBe("done");
    expect(done.message.parts.find((p) => p.type === "citations")?.citations?.[0]).toMatchObject({
      fileName: "facts.txt",
      page: 2,
    });

    // Removing the failed files makes the session ready.
    for (const failed of (body.files as { documentId: string; status: string }[]).filter(
      (f) => f.status === "failed",
    )) {
      const removed = await api.call("alice", `/sessions/${sessionId}/documents/${failed.documentId}`, {
        method: "DELETE",
      });
      expect(removed.status).toBe(204);
    }
    const listed = await (await api.call("alice", `/sessions/${sessionId}/documents`)).json();
    expect(listed).toMatchObject({
      ready: true,
      files: [{ fileName: "facts.txt" }, { fileName: "visitors.pdf" }],
    });
  });

  it("answers 404 for a session that does not exist, without reading the body", async () => {
    const response = await api.call("alice", "/sessions/nope/documents", formOf(file("Hello.", "a.txt")));
    expect(response.status).toBe(404);
    expect((await api.call("alice", "/sessions/nope/documents")).status).toBe(404);
    expect((await api.call("alice", "/sessions/nope/documents/x", { method: "DELETE" })).status).toBe(404);
  });
});
