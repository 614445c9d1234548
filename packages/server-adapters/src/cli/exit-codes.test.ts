import { QuarryError } from "@quarry/core";
import { describe, expect, it } from "vitest";
import { exitCodeFor } from "./exit-codes.js";
import { usageError } from "./usage-error.js";

describe("exitCodeFor", () => {
  it("exits 2 for bad usage and for every error that is the request's fault", () => {
    expect(exitCodeFor(usageError("quarry sql needs --sql"))).toBe(2);
    for (const code of [
      "INVALID_INPUT",
      "INVALID_FILE",
      "PAYLOAD_TOO_LARGE",
      "UNSAFE_SQL",
      "QUERY_FAILED",
      "CONFLICT",
    ] as const) {
      expect(exitCodeFor(new QuarryError(code, "no")), code).toBe(2);
    }
  });

  it("exits 1 for failures not caused by the request, an interrupted run and anything unexpected", () => {
    for (const code of [
      "INTERNAL",
      "QUERY_TIMEOUT",
      "LLM_UNAVAILABLE",
      "LLM_ERROR",
      "STORAGE_ERROR",
      "ABORTED",
    ] as const) {
      expect(exitCodeFor(new QuarryError(code, "no")), code).toBe(1);
    }
    expect(exitCodeFor(new TypeError("x is undefined"))).toBe(1);
    expect(exitCodeFor("a thrown string")).toBe(1);
  });
});
