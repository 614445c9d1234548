import { afterEach, describe, expect, it } from "vitest";
import { json, startTestApi, type TestApi } from "./http-test-kit.js";

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe("HTTP limits", () => {
  it("limits requests per principal with 429 and Retry-After, each user on their own count", async () => {
    api = await startTestApi({ handler: { limits: { rateLimit: { requests: 3, windowMs: 60_000 } } } });
    for (let i = 0; i < 3; i++) expect((await api.call("alice", "/sessions")).status).toBe(200);
    const limited = await api.call("alice", "/sessions");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
    expect((await api.call("bob", "/sessions")).status).toBe(200);
    // Health stays reachable for probes.
    expect((await api.call(null, "/health")).status).toBe(200);
  });

  it("stops a JSON answer that outlives the request timeout and stores it as stopped", async () => {
    api = await startTestApi({ handler: { limits: { requestTimeoutMs: 300 } } });
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    api.llm.setScript({ hang: true });
    const started = performance.now();
    const response = await api.call("alice", `/sessions/${session.id}/messages`, json({ content: "Slow?" }));
    expect(performance.now() - started).toBeLessThan(5_000);
    const { messages } = await response.json();
    expect(messages[1].parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
  });

  it("sends heartbeat comments while a streamed answer is quiet", async () => {
    api = await startTestApi({ handler: { limits: { heartbeatSeconds: 0.05 } } });
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    api.llm.setScript({ text: "late", delayMs: 400, chunkSize: 2 });
    const response = await api.call(
      "alice",
      `/sessions/${session.id}/messages`,
      json({ content: "Wait" }, { headers: { accept: "text/event-stream" } }),
    );
    const raw = await response.text();
    expect(raw).toContain(": heartbeat\n\n");
    expect(raw).toContain("event: done");
  });
});
