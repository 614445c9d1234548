import { describe, expect, it } from "vitest";
import { errorCodes, errorStatus, QuarryError } from "./quarry-error.js";

describe("QuarryError", () => {
  it("carries a stable code, its HTTP status and the JSON error body", () => {
    const error = new QuarryError("NOT_FOUND", 'Session "x" was not found.', { details: { id: "x" } });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      error: { code: "NOT_FOUND", message: 'Session "x" was not found.', details: { id: "x" } },
    });
  });

  it("is recognised across copies of the package by its marker, optionally by code", () => {
    const error = new QuarryError("UNSAFE_SQL", "no");
    const lookalike = Object.assign(new Error("x"), {
      [Symbol.for("quarry.error")]: true,
      code: "UNSAFE_SQL",
    });
    expect(QuarryError.is(error)).toBe(true);
    expect(QuarryError.is(error, "UNSAFE_SQL")).toBe(true);
    expect(QuarryError.is(error, "NOT_FOUND")).toBe(false);
    expect(QuarryError.is(lookalike, "UNSAFE_SQL")).toBe(true);
    expect(QuarryError.is(new Error("plain"))).toBe(false);
    expect(QuarryError.is(null)).toBe(false);
  });

  it("wraps unknown errors as INTERNAL without leaking their text, and aborts as ABORTED", () => {
    const wrapped = QuarryError.from(new Error("password=hunter2"));
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.message).not.toContain("hunter2");
    expect(wrapped.cause).toBeInstanceOf(Error);
    const abort = new DOMException("The operation was aborted.", "AbortError");
    expect(QuarryError.from(abort).code).toBe("ABORTED");
    const same = new QuarryError("CONFLICT", "taken");
    expect(QuarryError.from(same)).toBe(same);
  });

  it("marks rate limits and outages retryable, with Retry-After when known", () => {
    expect(new QuarryError("LLM_RATE_LIMITED", "slow down", { retryAfterSeconds: 3 })).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterSeconds: 3,
    });
    expect(new QuarryError("LLM_UNAVAILABLE", "down").retryable).toBe(true);
    expect(new QuarryError("INVALID_INPUT", "bad").retryable).toBe(false);
  });

  it("gives every code a 4xx or 5xx status", () => {
    for (const code of errorCodes) {
      expect(errorStatus[code]).toBeGreaterThanOrEqual(400);
      expect(errorStatus[code]).toBeLessThan(600);
    }
  });
});
