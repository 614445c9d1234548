import { commands, helpText } from "./commands.js";

/** Where the CLI writes; injectable so tests capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/** The package version, set at build time by tsup's `define`, with a fallback for tests on source. */
declare const __QUARRY_VERSION__: string | undefined;
const version = typeof __QUARRY_VERSION__ === "string" ? __QUARRY_VERSION__ : "0.0.0-dev";

/**
 * Runs the `quarry` CLI with the given arguments (without `node` and the script) and resolves to the exit code.
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
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  io.stderr(`quarry ${command.name}: not yet available in this version.`);
  return 2;
}
