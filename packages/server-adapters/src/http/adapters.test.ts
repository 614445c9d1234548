import * as XLSX from "@e965/xlsx";
import type { MockLlmRequest, MockResponse } from "@quarry/core/testing";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quarryRouter } from "../express.js";
import {
  everyMount,
  json,
  listening,
  mountFetchHandler,
  principals,
  readSse,
  startTestApi,
  type TestApi,
} from "./http-test-kit.js";

/** The same API, three ways of serving it; every suite below runs against each. */
const mounts = everyMount();

const salesCsv = ["region,product,amount", "North,apples,100", "North,pears,200", "South,apples,150"].join(
  "\n",
);
const totalsSql = "SELECT region, sum(amount) AS total FROM sales GROUP BY 1 ORDER BY 1";

/** A two-step turn: the model runs the SQL, then answers; works for any number of concurrent turns. */
function toolLoop(answer: string): (request: MockLlmRequest) => MockResponse {
  return (request) => {
    const messages = (request.body as { messages?: { role: string }[] }).messages ?? [];
    return messages.at(-1)?.role === "tool"
      ? { text: answer, chunkSize: 5 }
      : { toolCalls: [{ name: "run_sql", arguments: { sql: totalsSql } }] };
  };
}

/** A text document in the `file` field. */
function documentUpload(
  text = "The sales policy: refunds within 30 days.",
  name = "policy.txt",
): RequestInit {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/plain" }));
  return { method: "POST", body: form };
}

function upload(csv = salesCsv, name = "sales.csv"): RequestInit {
  const form = new FormData();
  form.append("file", new File([csv], name, { type: "text/csv" }));
  return { method: "POST", body: form };
}

interface Ids {
  session: string;
  dataset: string;
  document: string;
  question: string;
  answer: string;
}

describe.each(mounts)("the API through the %s", (_name, mount) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ mount });
  });
  afterAll(async () => {
    await api.close();
  });

  /** A session of alice's with the sales data uploaded and one answered question. */
  async function aliceWithData(): Promise<Ids> {
    const session = await (await api.call("alice", "/sessions", json({ title: "Sales" }))).json();
    const uploaded = await api.call("alice", `/sessions/${session.id}/datasets`, upload());
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { datasets } = await uploaded.json();
    const documented = await api.call("alice", `/sessions/${session.id}/documents`, documentUpload());
    expect(documented.status, await documented.clone().text()).toBe(200);
    const { files } = await documented.json();
    api.llm.setScript(toolLoop("North sold 300 and South 150."));
    const asked = await api.call("alice", `/sessions/${session.id}/messages`, json({ content: "Totals?" }));
    const { messages } = await asked.json();
    return {
      session: session.id,
      dataset: datasets[0].id,
      document: files[0].documentId,
      question: messages[0].id,
      answer: messages[1].id,
    };
  }

  it("uploads, asks over SSE and JSON, keeps history, takes feedback, edits and exports to Excel", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    const uploaded = await api.call("alice", `/sessions/${session.id}/datasets`, upload());
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { datasets } = await uploaded.json();
    expect(datasets).toMatchObject([{ tableName: "sales", rowCount: 3 }]);

    api.llm.setScript(toolLoop("North sold 300 and South 150."));
    const streamed = await api.call(
      "alice",
      `/sessions/${session.id}/messages`,
      json({ content: "Total by region?" }, { headers: { accept: "text/event-stream" } }),
    );
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(streamed);
    expect(events[0]).toMatchObject({ type: "message", message: { role: "user" } });
    expect(events.some((e) => e.type === "part" && (e.part as { type: string }).type === "table")).toBe(true);
    expect(events.filter((e) => e.type === "text-delta").length).toBeGreaterThan(2);
    const done = events.at(-1) as { type: string; message: { id: string; parts: { type: string }[] } };
    expect(done.type).toBe("done");
    const table = done.message.parts.find((p) => p.type === "table") as { rows: unknown[][] } | undefined;
    expect(table?.rows).toEqual([
      ["North", 300],
      ["South", 150],
    ]);

    api.llm.setScript(toolLoop("Still North with 300."));
    const plain = await api.call("alice", `/sessions/${session.id}/messages`, json({ content: "Top one?" }));
    expect(plain.status).toBe(200);
    const { messages } = await plain.json();
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);

    const history = await (await api.call("alice", `/sessions/${session.id}/messages`)).json();
    expect(history.messages).toHaveLength(4);

    const feedback = await api.call(
      "alice",
      `/messages/${done.message.id}/feedback`,
      json({ rating: "up", comment: "right" }),
    );
    expect(await feedback.json()).toMatchObject({ rating: "up", comment: "right", userId: "alice" });

    api.llm.setScript(toolLoop("Edited: North 300, South 150."));
    const edited = await api.call(
      "alice",
      `/messages/${messages[0].id}`,
      json({ content: "Top region, really?" }, { method: "PATCH" }),
    );
    const editedTurn = await edited.json();
    expect(editedTurn.messages[0]).toMatchObject({ id: messages[0].id, edited: true });
    const after = await (await api.call("alice", `/sessions/${session.id}/messages`)).json();
    expect(after.messages).toHaveLength(4);
    expect(after.messages[3].id).toBe(editedTurn.messages[1].id);

    const exported = await api.call("alice", `/messages/${done.message.id}/export.xlsx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("spreadsheetml");
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.xlsx"/);
    const book = XLSX.read(new Uint8Array(await exported.arrayBuffer()), { type: "array" });
    expect(book.SheetNames[0]).toBe("Result");
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Result!, { header: 1, raw: true });
    expect(rows).toEqual([
      ["region", "total"],
      ["North", 300],
      ["South", 150],
    ]);
  });

  it("answers 404 to bob and eve on every route and verb with alice's ids, and changes nothing of hers", async () => {
    const ids = await aliceWithData();
    const { session, dataset, answer } = ids;
    await api.call("alice", `/messages/${answer}/feedback`, json({ rating: "up", comment: "alice's" }));
    const snapshot = async () => ({
      session: await (await api.call("alice", `/sessions/${session}`)).json(),
      datasets: await (await api.call("alice", `/sessions/${session}/datasets`)).json(),
      documents: await (await api.call("alice", `/sessions/${session}/documents`)).json(),
      dataset: await (await api.call("alice", `/datasets/${dataset}`)).json(),
      feedback: await api.store.feedback.get(principals.alice, answer),
      memory: await (await api.call("alice", `/sessions/${session}/memory`)).json(),
      insights: (await api.call("alice", `/datasets/${dataset}/insights`)).status,
      list: await (await api.call("alice", "/sessions?archived=include")).json(),
    });
    const before = await snapshot();
    expect(before.dataset).toMatchObject({ id: dataset, tableName: "sales" });
    expect(before.documents).toMatchObject({
      ready: true,
      files: [{ fileName: "policy.txt", status: "processed" }],
    });

    // Every route that takes an id, with alice's id of its kind; `{…}` names which.
    const attempts: [string, string, () => RequestInit][] = [
      ["GET", "/sessions/{session}", () => ({})],
      ["PATCH", "/sessions/{session}", () => json({ title: "pwned" }, { method: "PATCH" })],
      ["DELETE", "/sessions/{session}", () => ({ method: "DELETE" })],
      ["GET", "/sessions/{session}/messages", () => ({})],
      ["POST", "/sessions/{session}/messages", () => json({ content: "Leak it?" })],
      [
        "POST",
        "/sessions/{session}/messages",
        () => json({ content: "Leak it?" }, { headers: { accept: "text/event-stream" } }),
      ],
      ["POST", "/sessions/{session}/datasets", () => upload("region,amount\nX,1", "sales.csv")],
      ["GET", "/sessions/{session}/datasets", () => ({})],
      ["POST", "/sessions/{session}/documents", () => documentUpload("bob's notes", "notes.txt")],
      ["GET", "/sessions/{session}/documents", () => ({})],
      ["DELETE", "/sessions/{session}/documents/{document}", () => ({ method: "DELETE" })],
      ["GET", "/sessions/{session}/export.xlsx", () => ({})],
      ["GET", "/audit?sessionId={session}", () => ({})],
      ["POST", "/sessions", () => json({ datasetIds: [dataset] })],
      ["GET", "/datasets/{dataset}", () => ({})],
      ["GET", "/datasets/{dataset}/preview", () => ({})],
      ["POST", "/datasets/{dataset}/clean", () => json({ operations: [{ op: "drop-duplicates" }] })],
      ["GET", "/sessions/{session}/memory", () => ({})],
      [
        "PUT",
        "/sessions/{session}/memory",
        () => json({ summary: "pwned", preferences: [] }, { method: "PUT" }),
      ],
      ["GET", "/datasets/{dataset}/glossary", () => ({})],
      [
        "PUT",
        "/datasets/{dataset}/glossary",
        () => json([{ term: "x", meaning: "pwned" }], { method: "PUT" }),
      ],
      ["POST", "/datasets/{dataset}/insights", () => ({ method: "POST" })],
      ["GET", "/datasets/{dataset}/insights", () => ({})],
      ["DELETE", "/datasets/{dataset}", () => ({ method: "DELETE" })],
      ["PATCH", "/messages/{question}", () => json({ content: "Changed?" }, { method: "PATCH" })],
      ["POST", "/messages/{answer}/feedback", () => json({ rating: "down", comment: "bob's" })],
      ["GET", "/messages/{answer}/export.xlsx", () => ({})],
      ["GET", "/messages/{answer}/export.csv", () => ({})],
      ["GET", "/messages/{answer}/chart.svg", () => ({})],
      ["GET", "/messages/{answer}/chart.png", () => ({})],
    ];
    // A route added later with an id in its path must join the sweep: the API's own description lists them.
    const described = await (await api.call(null, "/openapi.json")).json();
    const anyId = (path: string) => path.replace(/\{\w+\}/g, "{id}");
    const swept = new Set(attempts.map(([verb, path]) => `${verb} ${anyId(path)}`));
    for (const [path, operations] of Object.entries(described.paths as Record<string, object>)) {
      if (!path.includes("{id}")) continue;
      for (const verb of Object.keys(operations))
        expect(swept).toContain(`${verb.toUpperCase()} ${anyId(path)}`);
    }
    const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, kind: keyof Ids) => ids[kind]);
    api.llm.setScript(toolLoop("Nothing to see."));
    const requestsBefore = api.llm.requests.length;
    for (const user of ["bob", "eve"] as const) {
      for (const [verb, path, init] of attempts) {
        const response = await api.call(user, fill(path), { method: verb, ...init() });
        const body = await response.text();
        expect(response.status, `${user} ${verb} ${path}: ${body}`).toBe(404);
        expect(JSON.parse(body), `${user} ${verb} ${path}`).toEqual({
          error: { code: "NOT_FOUND", message: expect.any(String) },
        });
        expect(body).not.toContain("sales");
      }
    }
    // Not one model call was made on their behalf, and alice sees everything as it was.
    expect(api.llm.requests.length).toBe(requestsBefore);
    expect(await snapshot()).toEqual(before);
    expect(await api.store.feedback.get(principals.bob, answer)).toBeNull();
  });

  it("stops the turn and stores it as stopped when the client disconnects mid-stream", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    api.llm.setScript({
      text: "A slow answer that goes on and on and on and on.",
      chunkSize: 2,
      delayMs: 50,
    });
    const controller = new AbortController();
    const response = await api.call(
      "alice",
      `/sessions/${session.id}/messages`,
      json({ content: "Slow?" }, { headers: { accept: "text/event-stream" }, signal: controller.signal }),
    );
    // The model's first words arrive while it is still answering: nothing between buffers the stream.
    const reader = response.body!.getReader();
    let seen = "";
    while (!seen.includes("event: text-delta")) {
      const chunk = await reader.read();
      expect(chunk.done).toBe(false);
      seen += new TextDecoder().decode(chunk.value);
    }
    expect(seen).not.toContain("event: done");
    controller.abort();
    let answer: { parts: { type: string; code?: string }[] } | undefined;
    for (let i = 0; i < 200 && !answer; i++) {
      await new Promise((r) => setTimeout(r, 25));
      answer = (await api.quarry.thread(session.id, { principal: principals.alice }))[1];
    }
    expect(answer?.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    await expect.poll(() => api.llm.requests.at(-1)?.cancelled).toBe(true);
  });

  it("stops a JSON turn when its client gives up waiting", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    api.llm.setScript({
      text: "A slow answer that goes on and on and on and on.",
      chunkSize: 2,
      delayMs: 50,
    });
    const calls = api.llm.requests.length;
    const controller = new AbortController();
    const asked = api
      .call(
        "alice",
        `/sessions/${session.id}/messages`,
        json({ content: "Slow?" }, { signal: controller.signal }),
      )
      .catch((error: unknown) => error);
    await expect.poll(() => api.llm.requests.length).toBe(calls + 1);
    controller.abort();
    expect(await asked).toMatchObject({ name: "AbortError" });
    await expect
      .poll(async () =>
        (await api.quarry.thread(session.id, { principal: principals.alice }))[1]?.parts.at(-1),
      )
      .toMatchObject({ type: "error", code: "ABORTED" });
    await expect.poll(() => api.llm.requests.at(-1)?.cancelled).toBe(true);
  });

  it("answers 100 concurrent chats, each in its own session, without an error", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    const { datasets } = await (await api.call("alice", `/sessions/${session.id}/datasets`, upload())).json();
    api.llm.setScript(toolLoop("North sold 300 and South 150."));
    const ids: string[] = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const created = await api.call("alice", "/sessions", json({ datasetIds: [datasets[0].id] }));
        expect(created.status).toBe(201);
        return (await created.json()).id;
      }),
    );
    const results = await Promise.all(
      ids.map(async (id) => {
        const response = await api.call(
          "alice",
          `/sessions/${id}/messages`,
          json({ content: "Total by region?" }, { headers: { accept: "text/event-stream" } }),
        );
        return { status: response.status, events: await readSse(response) };
      }),
    );
    for (const { status, events } of results) {
      expect(status).toBe(200);
      const done = events.at(-1) as { type: string; message?: { parts: { type: string }[] } };
      expect(done.type).toBe("done");
      expect(done.message?.parts.map((p) => p.type)).not.toContain("error");
      expect(done.message?.parts.map((p) => p.type)).toContain("table");
    }
    const stored = await Promise.all(ids.map((id) => api.quarry.thread(id, { principal: principals.alice })));
    expect(stored.every((thread) => thread.length === 2)).toBe(true);
  });

  it("answers Quarry's JSON errors for unknown paths, bad bodies and refusals under the mount", async () => {
    const unknown = await api.call("alice", "/no/such/route");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
    const anonymous = await api.call(null, "/no/such/route");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
    expect(await (await api.call(null, "/health")).json()).toEqual({ ok: true });

    const huge = await api.call("alice", "/sessions", json({ title: "x".repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    // The connection survived the unread rest of that body.
    expect((await api.call("alice", "/sessions")).status).toBe(200);

    const broken = await api.call("alice", "/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(await broken.json()).toMatchObject({ error: { code: "INVALID_INPUT" } });
    const query = await api.call("alice", "/sessions?limit=many");
    expect(query.status).toBe(400);

    // The host app's own routes outside the mount are its own.
    if (mount !== mountFetchHandler) {
      expect(await (await fetch(`${new URL(api.url).origin}/`)).text()).toBe("host home");
    }
  });
});

describe("the Express router behind a body parser", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      mount: async (quarry, { basePath = "/api", ...options }) => {
        const app = express();
        app.use(express.json());
        app.use(basePath, quarryRouter(quarry, options));
        return listening(app.listen(0, "127.0.0.1"), basePath);
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it("takes the body the parser already read", async () => {
    const created = await api.call("alice", "/sessions", json({ title: "Parsed first" }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ title: "Parsed first" });
    const extra = await api.call("alice", "/sessions", json({ title: "t", ownerId: "bob" }));
    expect(extra.status).toBe(400);
  });
});
