/** A command of the `quarry` CLI, as `--help` lists it. */
export interface CommandHelp {
  name: string;
  usage: string;
  summary: string;
  /** False while the command is not built yet; running it says so and exits 2. */
  available: boolean;
}

/** Every command, in the order `--help` lists them. */
export const commands: readonly CommandHelp[] = [
  {
    name: "serve",
    usage: "quarry serve [--port 3000] [--host H] [--data DIR] [--model M] [--api-keys FILE] [--sample]",
    summary: "Serve the HTTP API (under /api) until stopped.",
    available: true,
  },
  {
    name: "ask",
    usage: 'quarry ask [NAME=]FILE... "QUESTION" [--model M] [--json]',
    summary: "Ask a question about data files.",
    available: true,
  },
  {
    name: "sql",
    usage: 'quarry sql [NAME=]FILE... --sql "SQL" [--json] [--max-rows N] [--timeout MS]',
    summary: "Run guarded SQL over data files.",
    available: true,
  },
  {
    name: "ingest",
    usage: "quarry ingest FILE [--name NAME] [--sheet SHEET] [--document] [--json]",
    summary: "Ingest a file and print its profile (a PDF or Markdown file: its pages and passages).",
    available: true,
  },
  {
    name: "eval",
    usage: "quarry eval CASES.json [--model M] [--json OUT]",
    summary: "Score a model on golden questions.",
    available: true,
  },
];

/** The text of `quarry --help`. */
export function helpText(version: string): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const lines = commands.map(
    (c) => `  ${c.usage.padEnd(width)}  ${c.summary}${c.available ? "" : " (not yet available)"}`,
  );
  return [
    `quarry ${version}: chat with your data`,
    "",
    "Usage:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     Show this help.",
    "  -v, --version  Show the version.",
    "",
    "Exit codes: 0 success, 1 unexpected failure, 2 bad usage or a rejected request.",
  ].join("\n");
}
