import { QuarryError } from "@quarry/core";
import { type CommandHelp, commands } from "./commands.js";
import { exitCodeFor } from "./exit-codes.js";
import { commandHelpText, helpText } from "./help-text.js";

/** Where the CLI writes; injectable so tests capture output. */
export interface CliIO {
  /** Writes a line to standard output. */
  stdout: (text: string) => void;
  /** Writes a line to standard error. */
  stderr: (text: string) => void;
  /**
   * Writes text to standard output as it is, without a newline: for answers streamed as they arrive. Without
   * it, commands print the whole text as one line once it is complete.
   */
  write?: (text: string) => void;
  /**
   * Writes text to standard error as it is, without a newline: for a progress line redrawn in place. Given
   * only when standard error is a terminal; without it, commands draw no progress.
   */
  progress?: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  write: (text) => process.stdout.write(text),
  ...(process.stderr.isTTY ? { progress: (text: string) => void process.stderr.write(text) } : {}),
};

/** The package version, set at build time by tsup's `define`, with a fallback for tests on source. */
declare const __QUARRY_VERSION__: string | undefined;
const version = typeof __QUARRY_VERSION__ === "string" ? __QUARRY_VERSION__ : "0.0.0-dev";

/** Commands load their modules on demand, so `--help` does not load DuckDB. */
const handlers: Record<string, () => Promise<(args: readonly string[], io: CliIO) => Promise<number>>> = {
  ask: async () => (await import("./ask-command.js")).askCommand,
  eval: async () => (await import("./eval-command.js")).evalCommand,
  ingest: async () => (await import("./ingest-command.js")).ingestCommand,
  serve: async () => (await import("./serve-command.js")).serveCommand,
  sql: async () => (await import("./sql-command.js")).sqlCommand,
};

/**
 * Runs the `quarry` CLI with the given arguments (without `node` and the script) and resolves to the exit
 * code (see `exitMeanings`): 0 success, 1 a failure (unexpected, or not caused by the request), 2 bad usage
 * or a rejected request (e.g. `UNSAFE_SQL`). When `--json` output goes to stdout, so do errors, as
 * `{"error": {"code", "message"}}`.
 */
export async function runCli(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    io.stdout(helpText(version));
    return 0;
  }
  if (first === "-v" || first === "--version") {
    io.stdout(version);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`quarry: unknown command ${JSON.stringify(first)}. Run "quarry --help" for the list.`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(commandHelpText(command));
    return 0;
  }
  const load = handlers[command.name];
  if (!command.available || !load) {
    io.stderr(`quarry ${command.name}: not yet available in this version.`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    return reportError(command, error, jsonOnStdout(command.name, rest), io);
  }
}

/**
 * Whether the command prints `--json` output on stdout, where its errors then go too: `--json` for every
 * command but eval, whose `--json OUT` names a file unless OUT is `-`.
 */
function jsonOnStdout(name: string, args: readonly string[]): boolean {
  if (name !== "eval") return args.some((arg) => arg === "--json" || arg.startsWith("--json="));
  return args.some((arg, i) => arg === "--json=-" || (arg === "--json" && args[i + 1] === "-"));
}

function reportError(command: CommandHelp, error: unknown, json: boolean, io: CliIO): number {
  const known = QuarryError.is(error) ? error : parseArgsError(error);
  if (!known) {
    const message = error instanceof Error ? error.message : String(error);
    if (json) io.stdout(JSON.stringify({ error: { code: "INTERNAL", message } }));
    // The stack is for a bug report, so it goes to stderr even under --json.
    io.stderr(
      `quarry ${command.name}: unexpected failure: ${error instanceof Error ? error.stack : String(error)}`,
    );
    return exitCodeFor(error);
  }
  if (json) io.stdout(JSON.stringify({ error: { code: known.code, message: known.message } }));
  else io.stderr(`quarry ${command.name}: ${known.message}`);
  if (!json && known.details?.usage) io.stderr(`Usage: ${command.usage}`);
  // An INTERNAL error's message says nothing on purpose (it may reach HTTP clients); locally, its cause helps.
  if (known.code === "INTERNAL" && known.cause !== undefined) {
    io.stderr(`Caused by: ${known.cause instanceof Error ? known.cause.stack : String(known.cause)}`);
  }
  return exitCodeFor(known);
}

/** `node:util` parseArgs throws plain errors for unknown or malformed options: those are usage errors. */
function parseArgsError(error: unknown): QuarryError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    return new QuarryError("INVALID_INPUT", (error as Error).message, { details: { usage: true } });
  }
  return null;
}
