import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("quarry CLI", () => {
  it("prints help listing every command, with exit code 0", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    for (const name of ["serve", "ask", "sql", "ingest", "eval"]) expect(out).toContain(`quarry ${name}`);
    expect((await run()).out).toBe(out);
  });

  it("rejects an unknown command with exit code 2 and a hint", async () => {
    const { code, err } = await run("frobnicate");
    expect(code).toBe(2);
    expect(err).toContain('unknown command "frobnicate"');
  });

  it("lists serve as available and refuses its bad usage with exit code 2 before starting", async () => {
    expect((await run("--help")).out).not.toContain("not yet available");
    const { code, err } = await run("serve", "--port", "http");
    expect(code).toBe(2);
    expect(err).toContain("--port http is not a port");
    expect(err).toContain("Usage: quarry serve");
    expect((await run("serve", "--help")).out).toContain("Usage: quarry serve [--port 3000]");
    expect((await run("sql", "--help")).out).toContain("Usage: quarry sql");
  });

  it("lists eval as available", async () => {
    const { out } = await run("--help");
    expect(out).toMatch(
      /quarry eval CASES\.json \[--model M\] \[--json OUT\]\s+Score a model on golden questions\.\n/,
    );
    expect((await run("eval", "--help")).out).toContain("Usage: quarry eval CASES.json");
  });
});
