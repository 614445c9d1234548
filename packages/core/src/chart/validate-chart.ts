import type { LoggerInterface } from "vega";
import { checkSpec } from "./spec-safety.js";

/** A compiled Vega spec: plain JSON, rendered by Vega with its expression interpreter. */
export type VegaSpec = { [key: string]: unknown };

/** What {@link validateChart} found. */
export type ChartValidation = { ok: true; vegaSpec: VegaSpec } | { ok: false; reason: string };

/**
 * Checks a Vega-Lite spec before it is stored or shown, and compiles it to Vega. A chart spec may come from
 * a model, and it is never executed as code: only inline `data.values` (no `url`, no named or generated
 * data), marks and transforms from an allow-list, no expressions anywhere (`calculate`, `filter` strings,
 * `params`/`signals`, `expr`, `labelExpr`, conditions with `test`), no links, and every `field` must be a
 * column of the data. The spec must then compile with Vega-Lite without errors or warnings (a warning means
 * Vega-Lite dropped or changed part of the chart).
 *
 * Vega-Lite is loaded on first use, so importing this costs nothing until a chart is checked.
 *
 * @example
 * ```ts
 * const checked = await validateChart(part.spec);
 * if (!checked.ok) console.warn(`chart dropped: ${checked.reason}`);
 * ```
 */
export async function validateChart(spec: unknown): Promise<ChartValidation> {
  const check = checkSpec(spec);
  if (!check.ok) return check;
  const warnings: string[] = [];
  const note = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(" "));
    return logger;
  };
  // Vega-Lite reports problems it works around (a dropped channel, an invalid type) through this logger.
  const logger = {
    level: () => logger,
    error: note,
    warn: note,
    info: () => logger,
    debug: () => logger,
  } as unknown as LoggerInterface;
  let vegaSpec: VegaSpec;
  try {
    const { compile } = await import("vega-lite");
    // Vega-Lite normalizes in place on some paths; the caller's spec stays as it was.
    const input = structuredClone(spec) as Parameters<typeof compile>[0];
    vegaSpec = compile(input, { logger }).spec as unknown as VegaSpec;
  } catch (error) {
    return { ok: false, reason: `Vega-Lite could not compile the chart: ${messageOf(error)}` };
  }
  if (warnings.length > 0) return { ok: false, reason: `Vega-Lite warned: ${warnings.join("; ")}` };
  if (loadsData(vegaSpec)) return { ok: false, reason: "The compiled chart loads data from a URL." };
  return { ok: true, vegaSpec };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a compiled Vega spec (or one of its nested group marks) declares a data source with a `url`. */
function loadsData(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(loadsData);
  if (typeof node !== "object" || node === null) return false;
  const { data, marks } = node as { data?: unknown; marks?: unknown };
  const sources = Array.isArray(data) ? data : [];
  return (
    sources.some((source) => typeof source === "object" && source !== null && "url" in source) ||
    loadsData(marks)
  );
}
