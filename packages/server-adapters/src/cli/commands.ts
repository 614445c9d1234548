import type { ExitMeanings } from "./exit-codes.js";
import { defaultModels } from "./model-spec.js";

/** An option of a command, as its `--help` lists it. */
export interface CommandOption {
  /** The flag and its value, e.g. `--port N`. */
  flag: string;
  /** What it does. */
  meaning: string;
  /** What holds without it, when anything does. */
  default?: string;
}

/** A command of the `quarry` CLI: everything its `--help` and `quarry --help` say about it. */
export interface CommandHelp {
  name: string;
  usage: string;
  /** One line for the list of commands. */
  summary: string;
  /** What the command does, in a sentence or two. */
  description: string;
  options: readonly CommandOption[];
  /** A command line to copy. */
  example: string;
  /** What its exit codes mean for this command (the same three codes as every command). */
  exits: ExitMeanings;
  /** False while the command is not built yet; running it says so and exits 2. */
  available: boolean;
}

const modelOption: CommandOption = {
  flag: "--model M",
  meaning: "The model: openai:MODEL, anthropic:MODEL or offline (a deterministic planner, no LLM).",
  default: `QUARRY_MODEL; else openai:${defaultModels.openai} when OPENAI_API_KEY is set, else anthropic:${defaultModels.anthropic} when ANTHROPIC_API_KEY is, else offline`,
};

const jsonErrors = 'errors too, as {"error": {"code", "message"}}';

/** Every command, in the order `--help` lists them. */
export const commands: readonly CommandHelp[] = [
  {
    name: "serve",
    usage:
      "quarry serve [--port 3000] [--host H] [--data DIR] [--model M] [--api-keys FILE] [--sample] [--json]",
    summary: "Serve the HTTP API (under /api) and the chat page (at /) until stopped.",
    description:
      "Serves the HTTP API under /api and the chat page at /, storing sessions and files in DIR, until Ctrl-C or SIGTERM; then lets open requests finish (up to 5 s) and exits.",
    options: [
      { flag: "--port N", meaning: "The port to listen on; 0 picks a free one.", default: "3000" },
      { flag: "--host H", meaning: "The address to listen on.", default: "127.0.0.1 (this machine only)" },
      {
        flag: "--data DIR",
        meaning: "The folder of the database (DIR/db) and the files (DIR/blobs).",
        default: "./.quarry",
      },
      modelOption,
      {
        flag: "--api-keys FILE",
        meaning:
          'Require a bearer key: FILE maps each key (16 characters or more) to the user it acts as, {"KEY": {"userId": "...", "tenantId": "..."}}.',
        default: "no auth: every request acts as the local user",
      },
      {
        flag: "--sample",
        meaning: "Give the local user a sample session to ask about (not with --api-keys).",
      },
      {
        flag: "--json",
        meaning: `Once listening, print one line {"url", "api", "model"} on stdout for scripts; ${jsonErrors}.`,
      },
    ],
    example: "quarry serve --port 8080 --model openai:gpt-4.1-mini",
    exits: {
      0: "stopped gracefully (Ctrl-C or SIGTERM)",
      1: "an unexpected failure",
      2: "bad usage, a bad --api-keys file, or the port is in use or cannot be listened on (CONFLICT, INVALID_INPUT)",
    },
    available: true,
  },
  {
    name: "ask",
    usage: 'quarry ask [NAME=]FILE... "QUESTION" [--model M] [--json]',
    summary: "Ask a question about data files.",
    description:
      "Loads each data file as a table (named NAME, else after the file), asks the question and prints the answer as it streams, then its SQL and table.",
    options: [
      modelOption,
      {
        flag: "--json",
        meaning: `Print {answer, sql, columns, rows, chart, ungrounded} on stdout once the answer is done; ${jsonErrors}.`,
      },
    ],
    example: 'quarry ask weather=seattle-weather.csv "Which year had the most rain?"',
    exits: {
      0: "answered",
      1: "the answer ended in an error (printed with its code), or an unexpected failure",
      2: "bad usage, or a rejected request: a file that cannot be read (INVALID_FILE, PAYLOAD_TOO_LARGE), a missing API key (INVALID_INPUT)",
    },
    available: true,
  },
  {
    name: "sql",
    usage: 'quarry sql [NAME=]FILE... --sql "SQL" [--json] [--max-rows N] [--timeout MS]',
    summary: "Run guarded SQL over data files.",
    description:
      "Loads each data file as a table (named NAME, else after the file) and runs one read-only SELECT through the SQL guard, on an engine that holds only those tables.",
    options: [
      {
        flag: "--sql SQL",
        meaning: "The query: one SELECT or WITH statement over the files' tables (required).",
      },
      {
        flag: "--max-rows N",
        meaning: "Return at most N rows; the true row count is still reported.",
        default: "1000",
      },
      {
        flag: "--timeout MS",
        meaning: "Stop the query after MS milliseconds (QUERY_TIMEOUT).",
        default: "30000",
      },
      { flag: "--json", meaning: `Print {columns, rows, rowCount, truncated} on stdout; ${jsonErrors}.` },
    ],
    example:
      'quarry sql weather=seattle-weather.csv --sql "SELECT year(date) AS year, sum(precipitation) FROM weather GROUP BY 1"',
    exits: {
      0: "the query ran",
      1: "the query timed out (QUERY_TIMEOUT), or an unexpected failure",
      2: "bad usage, or a rejected request: a file that cannot be read (INVALID_FILE), SQL the guard refuses (UNSAFE_SQL) or that fails (QUERY_FAILED)",
    },
    available: true,
  },
  {
    name: "ingest",
    usage: "quarry ingest FILE [--name NAME] [--sheet SHEET] [--document] [--json]",
    summary: "Ingest a file and print its profile (a PDF or Markdown file: its pages and passages).",
    description:
      "Reads a CSV, TSV, Excel, JSON, NDJSON or Parquet file as Quarry would store it and prints each table's columns, types, profile and cleaning suggestions; a PDF or Markdown file is read as a document: its pages and the passages it is cut into. Nothing is stored.",
    options: [
      {
        flag: "--name NAME",
        meaning: "The table name (made SQL-safe).",
        default: "the file's name without its extension",
      },
      {
        flag: "--sheet SHEET",
        meaning: "Only this sheet of a workbook, by name or 0-based index.",
        default: "every non-empty sheet",
      },
      {
        flag: "--document",
        meaning: "Read the file as a document, whatever its name.",
        default: "only .pdf, .md and .markdown files",
      },
      { flag: "--json", meaning: `Print {tables} (a document: {document}) on stdout; ${jsonErrors}.` },
    ],
    example: "quarry ingest sales.xlsx --sheet Summary --json",
    exits: {
      0: "the file was read",
      1: "an unexpected failure",
      2: "bad usage, or a file that cannot be read (INVALID_FILE, PAYLOAD_TOO_LARGE)",
    },
    available: true,
  },
  {
    name: "eval",
    usage: "quarry eval CASES.json [--model M] [--json OUT]",
    summary: "Score a model on golden questions.",
    description:
      "Asks each golden question of CASES.json, compares the answer's rows with the gold SQL's, and prints PASS or FAIL per case (with the reason) and the accuracy.",
    options: [
      modelOption,
      {
        flag: "--json OUT",
        meaning: `Also write the report {accuracy, cases} to the file OUT; with OUT "-", print it on stdout instead (the case lines go to stderr), ${jsonErrors}.`,
      },
    ],
    example: "quarry eval cases.json --model anthropic:claude-sonnet-4-5 --json report.json",
    exits: {
      0: "the suite ran, whatever its accuracy",
      1: "an unexpected failure",
      2: "bad usage, a suite file that cannot be read or is invalid, or an OUT that cannot be written",
    },
    available: true,
  },
];
