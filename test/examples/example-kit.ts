/**
 * What the example tests share: a browser-like client of a running example (a cookie of its own, redirects
 * not followed) and the steps every example goes through: sign in, start a session, ask.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { json, readSse } from "../../packages/server-adapters/src/http/http-test-kit.js";

/** The CSV the examples' READMEs suggest, from vega-datasets. */
export const weatherCsv = fileURLToPath(
  new URL("../../node_modules/vega-datasets/data/seattle-weather.csv", import.meta.url),
);

/** A message part as the API returns it, loosely: the tests look at a few fields. */
export interface ApiPart {
  type: string;
  columns?: { name: string }[];
  rows?: unknown[][];
  [key: string]: unknown;
}

/** One visitor of an example: sends its cookie (once signed in) the way a browser would, same-origin. */
export class Visitor {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  /** A request to a path of the example, with the visitor's cookie; redirects are returned, not followed. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie !== null) headers.set("cookie", this.cookie);
    return fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: "manual" });
  }

  /** Posts the login form as `name`, keeping the cookie the app sets; resolves with the response. */
  async signIn(name: string): Promise<Response> {
    const response = await this.fetch("/login", {
      method: "POST",
      headers: { origin: this.baseUrl },
      body: new URLSearchParams({ name }),
    });
    const set = response.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return response;
  }

  /** Creates a chat session through the Quarry API; resolves with its id. */
  async createSession(): Promise<string> {
    const response = await this.fetch("/api/quarry/sessions", json({}));
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** Uploads a file into a session as the widget does (multipart, field `file`). */
  async upload(sessionId: string, path: string, fileName: string): Promise<Response> {
    const form = new FormData();
    form.append("file", new Blob([await readFile(path)], { type: "text/csv" }), fileName);
    return this.fetch(`/api/quarry/sessions/${sessionId}/datasets`, { method: "POST", body: form });
  }

  /**
   * Asks a question in a session, as JSON (the answer when the turn ends) or as Server-Sent Events (the
   * stream the widget reads), and resolves with the stored answer's parts.
   */
  async ask(sessionId: string, question: string, as: "json" | "sse"): Promise<ApiPart[]> {
    const response = await this.fetch(
      `/api/quarry/sessions/${sessionId}/messages`,
      json({ content: question }, { headers: as === "sse" ? { accept: "text/event-stream" } : {} }),
    );
    expect(response.status).toBe(200);
    if (as === "json") {
      const { messages } = (await response.json()) as { messages: { role: string; parts: ApiPart[] }[] };
      return messages.find((m) => m.role === "assistant")?.parts ?? [];
    }
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const done = (await readSse(response)).find((event) => event.type === "done");
    return (done?.message as { parts: ApiPart[] } | undefined)?.parts ?? [];
  }
}

/** The one table part of an answer. */
export function tableOf(parts: readonly ApiPart[]): { columns: string[]; rows: unknown[][] } {
  const table = parts.find((part) => part.type === "table");
  expect(table, JSON.stringify(parts).slice(0, 500)).toBeDefined();
  return { columns: (table?.columns ?? []).map((c) => c.name), rows: table?.rows ?? [] };
}
