import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../core/src/documents/test-pdfs.js";
import { readSse } from "../http/http-test-kit.js";
import { startServe } from "./serve-command.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-serve-documents-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = () =>
  startServe({ port: 0, dataDir: join(dir, "data"), model: createOfflineModel(), widgetDir: dir });

describe("documents in quarry serve", () => {
  it("stores documents in its PGlite database and blob folder, answers from them, and keeps them across restarts", async () => {
    let server = await start();
    const api = (path: string, init?: RequestInit) => fetch(`${server.url}/api${path}`, init);
    const session = await (
      await api("/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
    ).json();
    const pdf = await makePdf([
      ["Field notes, spring."],
      ["The heron colony nests on the north island from March to June."],
    ]);
    const form = new FormData();
    form.append(
      "file",
      new File([pdf as Uint8Array<ArrayBuffer>], "field-notes.pdf", { type: "application/pdf" }),
    );
    const uploaded = await api(`/sessions/${session.id}/documents`, { method: "POST", body: form });
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    const added = await uploaded.json();
    expect(added).toMatchObject({
      ready: true,
      files: [{ fileName: "field-notes.pdf", status: "processed", pages: 2 }],
    });

    await server.close();
    server = await start();
    try {
      const listed = await (await api(`/sessions/${session.id}/documents`)).json();
      expect(listed).toEqual(added);
      const events = await readSse(
        await api(`/sessions/${session.id}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ content: "Where does the heron colony nest?" }),
        }),
      );
      const done = events.at(-1) as {
        type: string;
        message: { parts: { type: string; citations?: unknown[] }[] };
      };
      expect(done.type).toBe("done");
      expect(done.message.parts.find((p) => p.type === "citations")?.citations?.[0]).toMatchObject({
        fileName: "field-notes.pdf",
        page: 2,
      });
      const removed = await api(`/sessions/${session.id}/documents/${added.files[0].documentId}`, {
        method: "DELETE",
      });
      expect(removed.status).toBe(204);
      expect(await (await api(`/sessions/${session.id}/documents`)).json()).toEqual({
        ready: false,
        files: [],
      });
    } finally {
      await server.close();
    }
  });
});
