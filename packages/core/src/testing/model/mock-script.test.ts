import { afterEach, describe, expect, it } from "vitest";
import { createMockLlmServer, type MockLlmServer } from "./mock-llm-server.js";
import type { MockScript } from "./script.js";

let server: MockLlmServer;
afterEach(() => server?.close());

async function start(script?: MockScript): Promise<MockLlmServer> {
  server = await createMockLlmServer(script === undefined ? {} : { script });
  return server;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.anthropicUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.apiKey}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const anthropicHeaders = { "anthropic-version": "2023-06-01" };
const user = [{ role: "user", content: "Hi" }];

describe("createMockLlmServer: scripts and recording", () => {
  it("gives each call its response from an array and records every request", async () => {
    await start([{ text: "one" }, { status: 503, retryAfter: 2, message: "busy" }]);
    const body = { model: "m", messages: user };
    expect(await (await post("/v1/chat/completions", body)).json()).toMatchObject({
      choices: [{ message: { content: "one" } }],
    });
    const busy = await post("/v1/chat/completions", body);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("2");
    expect(await busy.json()).toMatchObject({ error: { message: "busy", type: "server_error" } });
    const beyond = await post("/v1/chat/completions", body);
    expect(beyond.status).toBe(500);
    expect(beyond.headers.get("x-should-retry")).toBe("false");
    expect(server.requests.map((request) => request.call)).toEqual([0, 1, 2]);
    expect(server.requests[0]).toMatchObject({
      wire: "openai",
      method: "POST",
      path: "/v1/chat/completions",
      body,
    });
  });

  it("asks a function, and setScript starts counting again", async () => {
    await start((request) => ({ text: `${request.wire} #${request.call}` }));
    await post("/v1/chat/completions", { model: "m", messages: user });
    const second = await post("/v1/chat/completions", { model: "m", messages: user });
    expect(await second.json()).toMatchObject({ choices: [{ message: { content: "openai #1" } }] });
    server.setScript([{ text: "fresh" }]);
    const third = await post("/v1/messages", { model: "m", max_tokens: 5, messages: user }, anthropicHeaders);
    expect(await third.json()).toMatchObject({ content: [{ text: "fresh" }] });
  });

  it("answers a failing script function with a 500 the SDKs do not retry", async () => {
    await start(() => {
      throw new Error("oops");
    });
    const response = await post(
      "/v1/messages",
      { model: "m", max_tokens: 5, messages: user },
      anthropicHeaders,
    );
    expect(response.status).toBe(500);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { message: expect.stringContaining("oops") },
    });
  });

  it("answers an unknown path with a 404 and a body that is not JSON with a 400", async () => {
    await start();
    expect((await post("/v1/images/generations", { prompt: "x" })).status).toBe(404);
    const broken = await post("/v1/chat/completions", "{not json");
    expect(broken.status).toBe(400);
    expect(server.requests[1]?.body).toBeUndefined();
  });

  it("closes promptly with a hanging request open", async () => {
    await start({ hang: true });
    const pending = post("/v1/chat/completions", { model: "m", messages: user }).catch(
      (error: unknown) => error,
    );
    await expect.poll(() => server.requests.length).toBe(1);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });
});
