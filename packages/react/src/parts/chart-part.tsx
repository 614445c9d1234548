import type { ChartPart as ChartPartData, Json, ResultColumn } from "@quarry/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { DataTable } from "../data-table.js";
import { useDarkTheme, useStrings } from "../widget-context.js";
import { drawChart } from "./vega-renderer.js";

/** Props of {@link ChartPart}. */
export interface ChartPartProps {
  part: ChartPartData;
  /**
   * Whether the answer shows its data as a table already. If not, a chart that cannot be drawn falls back to
   * a table of the spec's inline data.
   */
  hasTable?: boolean;
  /** Names a chart that has no title of its own for assistive technology (default "Chart"). */
  label?: string;
}

/** A Vega-Lite chart, drawn once vega-embed has loaded; a table of its data if it cannot be drawn. */
export function ChartPart({ part, hasTable = false, label: given }: ChartPartProps) {
  const strings = useStrings();
  const dark = useDarkTheme();
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "drawn" | "failed">("loading");

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let drawn: { finalize(): void } | undefined;
    setState("loading");
    drawChart(element, part.spec, { dark }).then(
      (chart) => {
        if (disposed) chart.finalize();
        else {
          drawn = chart;
          setState("drawn");
        }
      },
      () => {
        if (!disposed) setState("failed");
      },
    );
    return () => {
      disposed = true;
      drawn?.finalize();
    };
  }, [part.spec, dark]);

  const fallback = useMemo(() => (hasTable ? null : inlineData(part.spec)), [hasTable, part.spec]);
  const label = part.title ?? given ?? strings.chart;

  return (
    <figure className="quarry-chart" aria-busy={state === "loading"}>
      <div
        ref={ref}
        className="quarry-chart-canvas"
        role="img"
        aria-label={label}
        hidden={state === "failed"}
      />
      {state === "loading" && <p className="quarry-muted">{strings.chartLoading}</p>}
      {state === "failed" && (
        <>
          <p className="quarry-muted">{strings.chartFailed}</p>
          {fallback && <DataTable columns={fallback.columns} rows={fallback.rows} label={label} />}
        </>
      )}
      {/* The spec draws its own title; a caption is only for a chart whose spec has none. */}
      {part.title && part.spec.title === undefined && <figcaption>{part.title}</figcaption>}
    </figure>
  );
}

/** The rows of a spec's inline `data.values`, as a table, or `null` when it has none. */
export function inlineData(spec: {
  [key: string]: Json;
}): { columns: ResultColumn[]; rows: Json[][] } | null {
  const data = spec.data;
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  const values = data.values;
  if (!Array.isArray(values) || values.length === 0) return null;
  const keys = new Set<string>();
  for (const value of values) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const key of Object.keys(value)) keys.add(key);
    }
  }
  if (keys.size === 0) return null;
  const names = [...keys];
  const rows = values.map((value) =>
    names.map((name) =>
      value && typeof value === "object" && !Array.isArray(value) ? (value[name] ?? null) : null,
    ),
  );
  return { columns: names.map((name, c) => ({ name, type: typeOf(rows, c) })), rows };
}

function typeOf(rows: Json[][], column: number): string {
  return rows.every((row) => row[column] === null || typeof row[column] === "number") ? "DOUBLE" : "VARCHAR";
}
