import { agentInstructions, promptVersion as agentPromptName } from "../chat/agent-instructions.js";
import type { Dataset } from "../model/dataset.js";
import { fingerprint } from "./fingerprint.js";
import { followUpNote } from "./follow-up.js";
import { declineAnswer } from "./intent-gate.js";
import { examplesSection, focusedSchemaText, glossarySection } from "./prompt-sections.js";
import { memorySection } from "./session-memory.js";
import { verifierInstructions, verifierRequest } from "./verifier.js";

/**
 * Prompt versions: each template's version is its name plus a fingerprint of what it renders for a fixed,
 * canonical input, so any change to a template's wording changes its version without anyone remembering to
 * bump a constant, and a stored answer says exactly which prompts produced it. (A version depends on the
 * template, never on a session's data.)
 */

/** The version of each prompt template a turn may use. */
export interface PromptVersions {
  /** The agent's system instructions. */
  agent: string;
  /** The quality sections: memory, glossary, examples, focused schema, follow-up note, declined answer. */
  quality: string;
  /** The verifier's instructions and request. */
  verifier: string;
}

const canonicalDataset = {
  tableName: "t",
  glossary: [{ term: "term", meaning: "meaning", sql: "sum(x)" }],
  columns: [
    {
      name: "x",
      type: "DOUBLE",
      kind: "number",
      nullCount: 0,
      nullRate: 0,
      distinctCount: 1,
      min: 0,
      max: 1,
    },
  ],
} as unknown as Dataset;
const canonicalTable = {
  name: "t",
  rowCount: 1,
  columns: [{ name: "x", type: "DOUBLE", kind: "number" as const }],
};

let computed: PromptVersions | undefined;

/** The versions of the prompt templates, computed once. */
export function promptVersions(): PromptVersions {
  if (computed) return computed;
  const agent = agentInstructions({
    dialect: "duckdb",
    tables: [canonicalTable],
    modelRows: 20,
    now: new Date(0),
  });
  const quality = [
    memorySection({ preferences: ["p"], summary: "s" }),
    glossarySection([canonicalDataset]),
    examplesSection([{ question: "q", sql: "SELECT 1" }]),
    focusedSchemaText(
      {
        applied: true,
        tables: [{ name: "t", rowCount: 1, focused: true, columns: ["x"], allColumns: ["x", "y"] }],
      },
      [canonicalTable],
      [canonicalDataset],
      true,
    ),
    followUpNote("m", { question: "q", sql: "SELECT 1" }, "s"),
    declineAnswer({ changesData: true, via: "request", action: "delete", suggestion: "Show x" }),
  ].join("\u0000");
  const verifier = `${verifierInstructions("duckdb")}\u0000${verifierRequest({
    question: "q",
    sql: "SELECT 1",
    result: {
      columns: [{ name: "x", type: "INTEGER" }],
      rows: [[1]],
      rowCount: 1,
      truncated: false,
      durationMs: 0,
    },
    modelRows: 1,
    dialect: "duckdb",
  })}`;
  computed = {
    agent: `${agentPromptName}.${fingerprint(agent).slice(0, 8)}`,
    quality: `quality.${fingerprint(quality).slice(0, 8)}`,
    verifier: `verifier.${fingerprint(verifier).slice(0, 8)}`,
  };
  return computed;
}

/**
 * The prompt version recorded on an answer: the agent's, plus the quality sections' when any was used, plus
 * the verifier's when it ran.
 *
 * @example
 * ```ts
 * answerPromptVersion({ quality: true, verifier: false }); // "quarry-agent-2.1a2b3c4d+quality.5e6f7a8b"
 * ```
 */
export function answerPromptVersion(used: { quality: boolean; verifier: boolean }): string {
  const versions = promptVersions();
  return [versions.agent, used.quality ? versions.quality : "", used.verifier ? versions.verifier : ""]
    .filter(Boolean)
    .join("+");
}
