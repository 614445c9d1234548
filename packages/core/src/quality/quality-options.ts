import { z } from "zod";
import { parseInput } from "./parse-input.js";

/** When schema focus applies and how much it keeps; every field has a default. */
export interface SchemaFocusOptions {
  /** A table with at least this many columns is focused. Default 40. */
  minColumns?: number;
  /** A session with at least this many tables is focused. Default 8. */
  minTables?: number;
  /** Columns described in full across the focused tables. Default 16. */
  maxColumns?: number;
  /** Tables described in full (the rest by name). Default 4. */
  maxTables?: number;
}

/**
 * The answer-quality features of a turn, each switchable. Every feature is on by default except the
 * verifier, which costs a second model call per answer.
 */
export interface QualityOptions {
  /** A short follow-up ("and for 2014?", "now by month") is read against the previous question and its SQL. */
  followUps?: boolean;
  /** A running summary and the user's stated preferences, kept per session and put in later prompts. */
  memory?: boolean | { summaryTurns?: number };
  /** An ambiguous question (two equally plausible columns, an undefined metric) is asked back with options. */
  clarification?: boolean;
  /** Wide tables or many tables: only the relevant columns and tables are described in full. */
  schemaFocus?: boolean | SchemaFocusOptions;
  /** Thumbs-up answers and corrected SQL become examples for similar later questions. */
  feedbackExamples?: boolean | { k?: number };
  /** A second model call checks the final SQL answers the question and may propose a fix. */
  verifier?: boolean;
  /** Empty results, all-null columns and suspicious magnitudes lower the answer's confidence. */
  sanity?: boolean;
  /** An identical question on unchanged data is answered from cache, without calling the model. */
  cache?: boolean | { ttlMs?: number; maxEntries?: number };
  /** A request to change data is declined before any SQL is written. */
  intentGate?: boolean;
}

/** {@link QualityOptions} with every default filled in; a feature is off when its field is `false`. */
export interface QualitySettings {
  followUps: boolean;
  memory: { summaryTurns: number } | false;
  clarification: boolean;
  schemaFocus: Required<SchemaFocusOptions> | false;
  feedbackExamples: { k: number } | false;
  verifier: boolean;
  sanity: boolean;
  cache: { ttlMs: number; maxEntries: number } | false;
  intentGate: boolean;
}

/** The defaults of every feature's settings. */
export const qualityDefaults = {
  summaryTurns: 8,
  schemaFocus: { minColumns: 40, minTables: 8, maxColumns: 16, maxTables: 4 },
  examples: 3,
  cacheTtlMs: 10 * 60_000,
  cacheEntries: 500,
} as const;

const count = (max: number) => z.number().int().min(1).max(max);

const QualityOptionsSchema = z.strictObject({
  followUps: z.boolean().optional(),
  memory: z.union([z.boolean(), z.strictObject({ summaryTurns: count(50).optional() })]).optional(),
  clarification: z.boolean().optional(),
  schemaFocus: z
    .union([
      z.boolean(),
      z.strictObject({
        minColumns: count(100_000).optional(),
        minTables: count(10_000).optional(),
        maxColumns: count(10_000).optional(),
        maxTables: count(1_000).optional(),
      }),
    ])
    .optional(),
  feedbackExamples: z.union([z.boolean(), z.strictObject({ k: count(20).optional() })]).optional(),
  verifier: z.boolean().optional(),
  sanity: z.boolean().optional(),
  cache: z
    .union([
      z.boolean(),
      z.strictObject({
        ttlMs: count(7 * 24 * 3_600_000).optional(),
        maxEntries: count(1_000_000).optional(),
      }),
    ])
    .optional(),
  intentGate: z.boolean().optional(),
});

/**
 * Checks the quality options and fills in the defaults. `false` turns every feature off (a bare agent
 * loop); `undefined` is all defaults.
 *
 * @throws QuarryError `INVALID_INPUT` naming the offending option.
 * @example
 * ```ts
 * qualitySettings({ verifier: true, cache: { ttlMs: 60_000 } }).cache; // { ttlMs: 60000, maxEntries: 500 }
 * ```
 */
export function qualitySettings(options?: QualityOptions | false): QualitySettings {
  if (options === false) {
    return {
      followUps: false,
      memory: false,
      clarification: false,
      schemaFocus: false,
      feedbackExamples: false,
      verifier: false,
      sanity: false,
      cache: false,
      intentGate: false,
    };
  }
  const o = parseInput(QualityOptionsSchema, options ?? {}, "quality options");
  const on = <T extends object>(value: boolean | T | undefined): T | false | undefined =>
    value === false ? false : value === true || value === undefined ? undefined : value;
  const memory = on(o.memory);
  const focus = on(o.schemaFocus);
  const examples = on(o.feedbackExamples);
  const cache = on(o.cache);
  return {
    followUps: o.followUps ?? true,
    memory: memory === false ? false : { summaryTurns: memory?.summaryTurns ?? qualityDefaults.summaryTurns },
    clarification: o.clarification ?? true,
    schemaFocus: focus === false ? false : { ...qualityDefaults.schemaFocus, ...focus },
    feedbackExamples: examples === false ? false : { k: examples?.k ?? qualityDefaults.examples },
    verifier: o.verifier ?? false,
    sanity: o.sanity ?? true,
    cache:
      cache === false
        ? false
        : {
            ttlMs: cache?.ttlMs ?? qualityDefaults.cacheTtlMs,
            maxEntries: cache?.maxEntries ?? qualityDefaults.cacheEntries,
          },
    intentGate: o.intentGate ?? true,
  };
}
