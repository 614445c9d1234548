import { QuarryError } from "@quarry/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commands } from "./commands.js";
import { runCli } from "./run-cli.js";

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Every documented option of a command, each value-taking one given `x`. */
function everyOption(name: string): string[] {
  const command = commands.find((c) => c.name === name)!;
  return command.options.flatMap((o) => {
    const [flag, value] = o.flag.split(" ");
    return value === undefined ? [flag!] : [flag!, "x"];
  });
}

/** Runs `quarry ingest`, plain and with `--json`, with a command that throws `error`. */
async function ingestFailing(error: unknown) {
  vi.doMock("./ingest-command.js", () => ({
    ingestCommand: async () => {
      throw error;
    },
  }));
  return { plain: await run("ingest", "data.csv"), json: await run("ingest", "data.csv", "--json") };
}

afterEach(() => {
  vi.doUnmock("./ingest-command.js");
});

describe("quarry CLI", () => {
  it("prints help listing every command and the exit codes, with exit code 0", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    for (const command of commands) {
      expect(out).toContain(`  ${command.usage}\n      ${command.summary}\n`);
    }
    expect(out).toMatch(
      /\nExit codes, the same for every command:\n {2}0 {2}success .*\n {2}1 {2}failure: .*\n[\s\S]* {2}2 {2}bad usage /,
    );
    expect(out).not.toContain("not yet available");
    expect((await run()).out).toBe(out);
    expect((await run("help")).out).toBe(out);
  });

  it("gives each command a help with its usage, every option and default, an example and exit codes", async () => {
    for (const command of commands) {
      const { code, out } = await run(command.name, "--help");
      expect(code, command.name).toBe(0);
      expect(out.startsWith(`Usage: ${command.usage}\n\n`), command.name).toBe(true);
      const flat = out.replace(/\s+/g, " ");
      expect(flat).toContain(command.description);
      for (const option of command.options) {
        const line = new RegExp(`\\n {2}${option.flag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} +\\S`);
        expect(out, `${command.name} ${option.flag}`).toMatch(line);
        expect(flat).toContain(option.meaning);
        if (option.default !== undefined) expect(flat).toContain(`Default: ${option.default}.`);
      }
      expect(out).toContain("  -h, --help");
      expect(out).toContain(`Example:\n  ${command.example}\n`);
      expect(out).toMatch(/\nExit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}\S/);
      expect((await run(command.name, "-h")).out).toBe(out);
    }
  });

  it("takes every option its help documents, and its example uses only those", async () => {
    for (const command of commands) {
      const flags = new Set(everyOption(command.name).filter((a) => a.startsWith("--")));
      for (const flag of command.example.split(" ").filter((word) => word.startsWith("--"))) {
        expect(flags, `${command.name} example`).toContain(flag);
      }
      // Each command then stops at a missing argument, never at an option it does not know.
      const documented = await run(command.name, ...everyOption(command.name));
      expect(documented.code, command.name).toBe(2);
      expect(`${documented.out}${documented.err}`, command.name).not.toMatch(/Unknown option/);
      const unknown = await run(command.name, "--bogus");
      expect(unknown.code, command.name).toBe(2);
      expect(unknown.err, command.name).toContain("Unknown option '--bogus'");
    }
  });

  it("rejects an unknown command with exit code 2 and a hint", async () => {
    const { code, err } = await run("frobnicate");
    expect(code).toBe(2);
    expect(err).toContain('unknown command "frobnicate"');
  });

  it("refuses bad usage with exit code 2 before starting, with the usage, or as JSON with --json", async () => {
    const { code, out, err } = await run("serve", "--port", "http");
    expect(code).toBe(2);
    expect(err).toContain("--port http is not a port");
    expect(err).toContain("Usage: quarry serve");
    expect(out).toBe("");
    const json = await run("serve", "--port", "http", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({
      error: { code: "INVALID_INPUT", message: "--port http is not a port (0–65535)." },
    });
    expect(json.err).toBe("");
  });

  it("exits 1 for an unexpected failure, printing the stack on stderr and, with --json, the error on stdout", async () => {
    const { plain, json } = await ingestFailing(new TypeError("Cannot read properties of undefined"));
    expect(plain.code).toBe(1);
    expect(plain.out).toBe("");
    expect(plain.err).toMatch(
      /^quarry ingest: unexpected failure: TypeError: Cannot read properties of undefined\n\s+at /,
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({
      error: { code: "INTERNAL", message: "Cannot read properties of undefined" },
    });
    expect(json.err).toContain("TypeError");
  });

  it("exits 1 for a failure not caused by the request, showing what caused an INTERNAL error", async () => {
    const { plain, json } = await ingestFailing(QuarryError.from(new RangeError("offset out of range")));
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(
      /^quarry ingest: An internal error occurred\.\nCaused by: RangeError: offset out of range/,
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error.code).toBe("INTERNAL");
  });
});
