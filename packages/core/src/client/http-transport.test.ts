import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatEvent } from "../model/chat-event.js";
import { httpTransport } from "./http-transport.js";

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** A fetch that records each request and answers with the next of `responses`. */
function fakeFetch(...responses: (Response | Error)[]) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({
      url: String(input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? JSON.parse(init.body) : init.body,
    });
    const next = responses.shift();
    if (!next) throw new Error("fakeFetch: no response left");
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

function sse(text: string): Response {
  return new Response(text, { headers: { "content-type": "text/event-stream; charset=utf-8" } });
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("httpTransport", () => {
  it("calls the JSON routes under the base URL with the given headers", async () => {
    const { fetch, sent } = fakeFetch(
      Response.json({ items: [], nextCursor: null }),
      Response.json({ id: "s/1" }, { status: 201 }),
      new Response(null, { status: 204 }),
      Response.json({
        models: [
          { id: "openai:gpt", provider: "openai", model: "gpt", default: true },
          // A server from before models had ids.
          { provider: "anthropic", model: "claude", default: false },
        ],
      }),
    );
    let token = 0;
    const transport = httpTransport({
      baseUrl: "https://data.example.com/api/",
      headers: () => ({ authorization: `Bearer t${++token}` }),
      fetch,
    });
    await transport.listSessions({ search: "rain fall", archived: "exclude", limit: 20 });
    await transport.createSession({ title: "Rain" });
    await transport.deleteSession("s/1");
    expect(await transport.models()).toEqual([
      { id: "openai:gpt", provider: "openai", model: "gpt", default: true },
      { id: "anthropic:claude", provider: "anthropic", model: "claude", default: false },
    ]);

    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET https://data.example.com/api/sessions?search=rain+fall&archived=exclude&limit=20",
      "POST https://data.example.com/api/sessions",
      "DELETE https://data.example.com/api/sessions/s%2F1",
      "GET https://data.example.com/api/models",
    ]);
    expect(sent[1]?.body).toEqual({ title: "Rain" });
    expect(sent[1]?.headers.get("content-type")).toBe("application/json");
    expect(sent.map((s) => s.headers.get("authorization"))).toEqual([
      "Bearer t1",
      "Bearer t2",
      "Bearer t3",
      "Bearer t4",
    ]);
  });

  it("turns error bodies, bare statuses and network failures into QuarryErrors", async () => {
    const { fetch } = fakeFetch(
      Response.json({ error: { code: "NOT_FOUND", message: "No such session." } }, { status: 404 }),
      new Response("<html>Too many</html>", { status: 429, headers: { "retry-after": "7" } }),
      new Response("Bad gateway", { status: 502 }),
      new TypeError("Failed to fetch"),
    );
    const transport = httpTransport({ baseUrl: "/api", fetch });
    await expect(transport.getSession("x")).rejects.toMatchObject({
      name: "QuarryError",
      code: "NOT_FOUND",
      status: 404,
      message: "No such session.",
    });
    await expect(transport.getSession("x")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 7,
    });
    await expect(transport.getSession("x")).rejects.toMatchObject({ code: "INTERNAL", retryable: true });
    await expect(transport.getSession("x")).rejects.toMatchObject({ code: "INTERNAL", retryable: true });
  });

  it("streams a turn from SSE, skipping heartbeats and unknown events, and reads a JSON answer too", async () => {
    const question = { id: "q1", role: "user" };
    const answer = { id: "a1", role: "assistant" };
    const { fetch, sent } = fakeFetch(
      sse(
        `id: 0\r\nevent: message\r\ndata: ${JSON.stringify({ type: "message", message: question })}\r\n\r\n` +
          ": heartbeat\n\n" +
          `event: future\ndata: ${JSON.stringify({ type: "future" })}\n\n` +
          `event: text-delta\ndata: ${JSON.stringify({ type: "text-delta", delta: "Hi" })}\n\n` +
          `event: done\ndata: ${JSON.stringify({ type: "done", message: answer })}\n\n`,
      ),
      Response.json({ messages: [question, answer] }),
      Response.json({ messages: [question, answer] }),
      Response.json({ messages: [question, answer] }),
    );
    const transport = httpTransport({ baseUrl: "/api", fetch });
    const events = await collect(transport.ask("s1", "Hello?"));
    expect(events.map((e) => e.type)).toEqual(["message", "text-delta", "done"]);
    expect(sent[0]?.headers.get("accept")).toBe("text/event-stream");
    expect(sent[0]?.body).toEqual({ content: "Hello?" });

    const edited = await collect(transport.edit("q1", "Hello again?"));
    expect(edited).toEqual([
      { type: "message", message: question },
      { type: "done", message: answer },
    ]);
    expect(`${sent[1]?.method} ${sent[1]?.url}`).toBe("PATCH /api/messages/q1");
    expect(sent[1]?.body).toEqual({ content: "Hello again?" });

    // A chosen model goes in the body of both.
    await collect(transport.ask("s1", "Hello?", undefined, { model: "anthropic:claude" }));
    await collect(transport.edit("q1", "Hello again?", undefined, { model: "anthropic:claude" }));
    expect(sent.slice(2).map((s) => s.body)).toEqual([
      { content: "Hello?", model: "anthropic:claude" },
      { content: "Hello again?", model: "anthropic:claude" },
    ]);
  });

  it("says so when the stream breaks before the answer is complete", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ > 0) return controller.error(new TypeError("network error"));
        controller.enqueue(
          new TextEncoder().encode(`data: ${JSON.stringify({ type: "status", status: "planning" })}\n\n`),
        );
      },
    });
    const { fetch } = fakeFetch(new Response(body, { headers: { "content-type": "text/event-stream" } }));
    const events: ChatEvent[] = [];
    const reading = (async () => {
      for await (const event of httpTransport({ baseUrl: "/api", fetch }).ask("s1", "Hi")) events.push(event);
    })();
    await expect(reading).rejects.toMatchObject({
      code: "INTERNAL",
      message: expect.stringContaining("broke"),
    });
    expect(events).toEqual([{ type: "status", status: "planning" }]);
  });

  it("downloads with the server's file name", async () => {
    const { fetch, sent } = fakeFetch(
      new Response("year,total\n2012,1226\n", {
        headers: {
          "content-type": "text/csv",
          "content-disposition": `attachment; filename="rain.csv"; filename*=UTF-8''Regen%20%C3%BCber%20Seattle.csv`,
        },
      }),
      new Response("<svg/>", { headers: { "content-type": "image/svg+xml" } }),
    );
    const transport = httpTransport({ baseUrl: "/api", fetch });
    const csv = await transport.download("a1", "csv");
    expect(csv.name).toBe("Regen über Seattle.csv");
    expect(await csv.text()).toContain("2012,1226");
    const svg = await transport.download("a1", "svg");
    expect(svg.name).toBe("answer.svg");
    expect(sent.map((s) => s.url)).toEqual(["/api/messages/a1/export.csv", "/api/messages/a1/chart.svg"]);
  });

  it("uploads with XMLHttpRequest in a browser, reporting progress as the bytes go out", async () => {
    const progress: [number, number][] = [];
    const opened: string[] = [];
    const headers: Record<string, string> = {};
    class FakeXhr {
      status = 0;
      responseText = "";
      responseType = "";
      withCredentials = false;
      upload: {
        onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
      } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(method: string, url: string) {
        opened.push(`${method} ${url}`);
      }
      setRequestHeader(name: string, value: string) {
        headers[name] = value;
      }
      getAllResponseHeaders() {
        return "content-type: application/json\r\n";
      }
      abort() {}
      send(body: FormData) {
        const files = body.getAll("file") as File[];
        this.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 400 });
        this.upload.onprogress?.({ lengthComputable: true, loaded: 400, total: 400 });
        this.status = 201;
        this.responseText = JSON.stringify({ datasets: files.map((f) => ({ id: f.name })) });
        queueMicrotask(() => this.onload?.());
      }
    }
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const transport = httpTransport({
      baseUrl: "/api",
      headers: { authorization: "Bearer k" },
      credentials: "include",
    });
    const datasets = await transport.uploadFiles("s1", [new File(["a,b\n1,2\n"], "a.csv")], {
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    expect(datasets).toEqual([{ id: "a.csv" }]);
    expect(opened).toEqual(["POST /api/sessions/s1/datasets"]);
    expect(headers.authorization).toBe("Bearer k");
    expect(progress).toEqual([
      [100, 400],
      [400, 400],
      [400, 400],
    ]);
  });

  it("uploads, lists and removes a session's documents", async () => {
    vi.stubGlobal("XMLHttpRequest", class {});
    const file = { documentId: "d/1", fileName: "report.pdf", status: "processed", chunks: 3, pages: 2 };
    const { fetch, sent } = fakeFetch(
      Response.json({ ready: true, files: [file] }),
      Response.json({ ready: true, files: [file] }),
      new Response(null, { status: 204 }),
      Response.json({ error: { code: "NOT_FOUND", message: "No such document." } }, { status: 404 }),
    );
    const transport = httpTransport({ baseUrl: "/api", fetch });
    const progress: [number, number][] = [];
    const pdf = new File(["%PDF-1.7\n"], "report.pdf", { type: "application/pdf" });
    expect(
      await transport.uploadDocuments("s1", [pdf], {
        onProgress: (loaded, total) => progress.push([loaded, total]),
      }),
    ).toEqual({ ready: true, files: [file] });
    expect(await transport.listDocuments("s1")).toEqual({ ready: true, files: [file] });
    await transport.removeDocument("s1", "d/1");
    await expect(transport.removeDocument("s1", "d/1")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST /api/sessions/s1/documents",
      "GET /api/sessions/s1/documents",
      "DELETE /api/sessions/s1/documents/d%2F1",
      "DELETE /api/sessions/s1/documents/d%2F1",
    ]);
    expect(((sent[0]!.body as FormData).getAll("file")[0] as File).name).toBe("report.pdf");
    expect(progress).toEqual([[pdf.size, pdf.size]]);
  });

  it("takes a 204 for no insights yet and a 404 for none on this server, and sends memory and glossary as JSON", async () => {
    const { fetch, sent } = fakeFetch(
      new Response(null, { status: 204 }),
      new Response("<h1>Not Found</h1>", { status: 404, headers: { "content-type": "text/html" } }),
      Response.json({ error: { code: "INTERNAL", message: "Disk full." } }, { status: 500 }),
      Response.json({ sessionId: "s1", summary: "Rain.", preferences: ["mm"], updatedAt: null }),
      Response.json([{ term: "wet", meaning: "rain" }]),
    );
    const transport = httpTransport({ baseUrl: "/api", fetch });
    expect(await transport.latestInsights("d/1")).toBeNull();
    expect(await transport.latestInsights("d/1")).toBeNull();
    await expect(transport.latestInsights("d/1")).rejects.toMatchObject({
      code: "INTERNAL",
      message: "Disk full.",
    });
    await transport.putMemory("s1", { summary: "Rain.", preferences: ["mm"] });
    await transport.putGlossary("d/1", [{ term: "wet", meaning: "rain" }]);
    expect(sent.map((s) => [`${s.method} ${s.url}`, s.body])).toEqual([
      ["GET /api/datasets/d%2F1/insights", undefined],
      ["GET /api/datasets/d%2F1/insights", undefined],
      ["GET /api/datasets/d%2F1/insights", undefined],
      ["PUT /api/sessions/s1/memory", { summary: "Rain.", preferences: ["mm"] }],
      ["PUT /api/datasets/d%2F1/glossary", [{ term: "wet", meaning: "rain" }]],
    ]);
  });

  it("uploads through fetch when one is given, reporting progress once at the end", async () => {
    vi.stubGlobal("XMLHttpRequest", class {});
    const { fetch, sent } = fakeFetch(Response.json({ datasets: [] }, { status: 201 }));
    const progress: [number, number][] = [];
    const file = new File(["a\n1\n"], "a.csv");
    await httpTransport({ baseUrl: "/api", fetch }).uploadFiles("s1", [file], {
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    const form = sent[0]?.body;
    expect(form).toBeInstanceOf(FormData);
    expect((form as FormData).getAll("file")).toHaveLength(1);
    expect(progress).toEqual([[file.size, file.size]]);
  });
});
