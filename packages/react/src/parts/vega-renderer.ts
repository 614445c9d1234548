import type { Json } from "@quarry/core";
import type { Loader } from "vega";
import type { EmbedOptions } from "vega-embed";

/** A drawn chart; `finalize` releases its view (timers, listeners). */
export interface DrawnChart {
  finalize(): void;
}

const refuse = () => Promise.reject(new Error("Charts draw inline data only; loading is disabled."));

/** Vega may neither fetch URLs nor read files: chart data is always inline in the spec. */
const blockedLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as Loader;

/**
 * Draws a Vega-Lite spec into `element`. vega-embed, Vega and Vega-Lite are loaded here, on the first chart,
 * with a dynamic `import()`, so a host's bundler puts them in their own chunk and pages without charts never
 * download them. Expressions are walked by `vega-interpreter` (`ast: true`), never compiled with
 * `new Function`, so charts work under a strict Content-Security-Policy and a spec cannot run code.
 */
export async function drawChart(
  element: HTMLElement,
  spec: { [key: string]: Json },
  options: { dark: boolean },
): Promise<DrawnChart> {
  const [{ default: embed }, { expressionInterpreter }] = await Promise.all([
    import("vega-embed"),
    import("vega-interpreter"),
  ]);
  // vega-embed merges `usermeta.embedOptions` from the spec over ours; a spec must not choose its own loader,
  // expression evaluator or styles.
  const { usermeta: _ignored, ...safeSpec } = spec;
  const embedOptions: EmbedOptions = {
    mode: "vega-lite",
    renderer: "svg",
    actions: false,
    // No stylesheet into the host page, and Vega's own title-attribute tooltips rather than a body-level popup.
    defaultStyle: false,
    tooltip: false,
    loader: blockedLoader,
    ast: true,
    expr: expressionInterpreter,
    config: { background: "transparent" },
    ...(options.dark ? { theme: "dark" as const } : {}),
  };
  const result = await embed(element, safeSpec as never, embedOptions);
  return { finalize: () => result.finalize() };
}
