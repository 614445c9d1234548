import { describe, expect, it } from "vitest";
import { ChatEventSchema } from "./chat-event.js";
import { MessagePartSchema, textOfParts } from "./message-part.js";
import { SessionCreateSchema } from "./session.js";

describe("message parts", () => {
  it("tell parts apart by type and refuse unknown types and unknown fields", () => {
    expect(MessagePartSchema.parse({ type: "sql", sql: "SELECT 1" })).toEqual({
      type: "sql",
      sql: "SELECT 1",
    });
    expect(MessagePartSchema.safeParse({ type: "video", url: "x" }).success).toBe(false);
    expect(MessagePartSchema.safeParse({ type: "text", text: "hi", html: "<b>" }).success).toBe(false);
    expect(MessagePartSchema.safeParse({ type: "error", code: "NOPE", message: "x" }).success).toBe(false);
  });

  it("keep table rows JSON: no functions, no undefined, no bigint", () => {
    const table = { type: "table", columns: [{ name: "n", type: "BIGINT" }], rowCount: 1, truncated: false };
    expect(MessagePartSchema.safeParse({ ...table, rows: [[1]] }).success).toBe(true);
    expect(MessagePartSchema.safeParse({ ...table, rows: [[1n]] }).success).toBe(false);
    expect(MessagePartSchema.safeParse({ ...table, rows: [[() => 1]] }).success).toBe(false);
  });

  it("join text parts for search and ignore the others", () => {
    expect(
      textOfParts([
        { type: "text", text: "a" },
        { type: "sql", sql: "SELECT secret" },
        { type: "text", text: "b" },
      ]),
    ).toBe("a\nb");
  });
});

describe("chat events", () => {
  it("parse each event type and reject a malformed one", () => {
    expect(ChatEventSchema.parse({ type: "status", status: "querying" })).toEqual({
      type: "status",
      status: "querying",
    });
    expect(ChatEventSchema.parse({ type: "text-delta", delta: "Hel" }).type).toBe("text-delta");
    expect(ChatEventSchema.safeParse({ type: "status", status: "dreaming" }).success).toBe(false);
    expect(ChatEventSchema.safeParse({ type: "error", error: { code: "UNSAFE_SQL" } }).success).toBe(false);
  });
});

describe("session input", () => {
  it("trims titles and bounds their length", () => {
    expect(SessionCreateSchema.parse({ title: "  Sales  " }).title).toBe("Sales");
    expect(SessionCreateSchema.safeParse({ title: "x".repeat(201) }).success).toBe(false);
  });
});
