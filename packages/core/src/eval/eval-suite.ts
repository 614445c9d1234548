import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";
import { sanitizeTableName } from "../ingest/table-name.js";

/** One golden question: the tables it may use, the question, and the SQL whose result is the right answer. */
export const EvalCaseSchema = z.object({
  id: z.string().trim().min(1),
  /** Keys of the suite's `datasets`: the session holds exactly these tables. */
  tables: z.array(z.string()).min(1),
  question: z.string().trim().min(1),
  /** The gold SQL, run on the same engine as the answer. */
  sql: z.string().trim().min(1),
});

/**
 * A suite of golden questions, as in a `CASES.json` file: each dataset key is the table name its file is
 * ingested as; dataset paths are relative to the suite file.
 */
export const EvalSuiteSchema = z.object({
  name: z.string().optional(),
  about: z.string().optional(),
  datasets: z.record(z.string(), z.string().min(1)),
  cases: z.array(EvalCaseSchema).min(1),
});

/** A golden question. */
export type EvalCase = z.infer<typeof EvalCaseSchema>;
/** A suite of golden questions; after {@link loadEvalSuite}, dataset paths are absolute. */
export type EvalSuite = z.infer<typeof EvalSuiteSchema>;

/**
 * Reads and checks a suite file: valid JSON of {@link EvalSuiteSchema}, dataset keys that are table names
 * as Quarry keeps them, case ids unique, every case's tables among the datasets, every data file present.
 * Dataset paths come back absolute, resolved against the suite file's folder. Throws `INVALID_FILE` for a
 * file that cannot be read or parsed or a missing data file, `INVALID_INPUT` for a suite that breaks a rule.
 *
 * @example
 * ```ts
 * const suite = await loadEvalSuite("eval/dev.json");
 * const report = await runEval({ suite, model });
 * ```
 */
export async function loadEvalSuite(path: string): Promise<EvalSuite> {
  const file = resolve(path);
  const text = await readFile(file, "utf8").catch((cause: unknown) => {
    throw new QuarryError("INVALID_FILE", `The suite file ${JSON.stringify(path)} cannot be read.`, {
      cause,
    });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new QuarryError(
      "INVALID_FILE",
      `The suite file ${JSON.stringify(path)} is not valid JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
  const suite = parseEvalSuite(json, dirname(file));
  for (const [table, dataPath] of Object.entries(suite.datasets)) {
    const info = await stat(dataPath).catch(() => null);
    if (!info?.isFile()) {
      throw new QuarryError(
        "INVALID_FILE",
        `The data file of the table ${JSON.stringify(table)} is missing: ${dataPath}`,
      );
    }
  }
  return suite;
}

/**
 * Checks a suite already in memory (see {@link loadEvalSuite}, which also checks the data files exist) and
 * resolves its dataset paths against `baseDir`.
 */
export function parseEvalSuite(value: unknown, baseDir: string): EvalSuite {
  const parsed = EvalSuiteSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new QuarryError("INVALID_INPUT", `Invalid eval suite${where}: ${issue?.message ?? "bad shape"}.`);
  }
  const suite = parsed.data;
  for (const table of Object.keys(suite.datasets)) {
    const kept = sanitizeTableName(table);
    if (kept !== table) {
      throw new QuarryError(
        "INVALID_INPUT",
        `The dataset key ${JSON.stringify(table)} is not a table name Quarry keeps as it is (it would become ${JSON.stringify(kept)}).`,
      );
    }
  }
  const seen = new Set<string>();
  for (const evalCase of suite.cases) {
    if (seen.has(evalCase.id)) {
      throw new QuarryError("INVALID_INPUT", `The case id ${JSON.stringify(evalCase.id)} is used twice.`);
    }
    seen.add(evalCase.id);
    for (const table of evalCase.tables) {
      if (!Object.hasOwn(suite.datasets, table)) {
        throw new QuarryError(
          "INVALID_INPUT",
          `The case ${JSON.stringify(evalCase.id)} uses the table ${JSON.stringify(table)}, which is not among the datasets.`,
        );
      }
    }
  }
  const datasets = Object.fromEntries(
    Object.entries(suite.datasets).map(([table, path]) => [table, resolve(baseDir, path)]),
  );
  return { ...suite, datasets };
}
