import type { ChartPart as ChartPartData, InsightCard } from "@quarry/core/client";
import { useId, useMemo } from "react";
import { ChartPart } from "./parts/chart-part.js";
import { SqlPart } from "./parts/sql-part.js";
import { TablePart } from "./parts/table-part.js";
import { format } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** A card shows the first rows of its table; the SQL gives the rest. */
const cardRows = 10;

/**
 * One insight: its title as a heading, the finding in a sentence, the chart (drawn like an answer's, loaded
 * on first use), the first rows of its table, and the SQL behind it, collapsed. "Ask about this" puts a
 * follow-up question in the box.
 */
export function InsightCardView({ card }: { card: InsightCard }) {
  const { strings, compose } = useWidget();
  const titleId = useId();
  const table = useMemo(
    () =>
      card.table.rows.length > cardRows
        ? { ...card.table, rows: card.table.rows.slice(0, cardRows), truncated: true }
        : card.table,
    [card.table],
  );
  const chart = useMemo(() => card.chart && chartInCard(card.chart, card.title), [card.chart, card.title]);
  return (
    <article className="quarry-insight" aria-labelledby={titleId}>
      <h5 id={titleId}>{card.title}</h5>
      <p>{card.summary}</p>
      {/* The table below holds the chart's numbers, so a chart that cannot be drawn needs no table of its own. */}
      {chart && <ChartPart part={chart} hasTable label={card.title} />}
      <TablePart part={table} label={card.title} />
      <details className="quarry-insight-sql">
        <summary>{strings.insightSql}</summary>
        <SqlPart part={card.sql} />
      </details>
      <div className="quarry-toolbar">
        <button
          type="button"
          className="quarry-button quarry-button-small"
          aria-describedby={titleId}
          onClick={() => compose(format(strings.insightQuestion, { title: card.title }))}
        >
          {strings.askAboutInsight}
        </button>
      </div>
    </article>
  );
}

/**
 * A card's chart as the narrow panel shows it: as wide as the card (the analyses draw 480 px, wider than
 * the panel) and without the title drawn in it, which would be cut off there. A title that says more than the
 * card's heading (that the chart plots a sample, say) stays, as a caption that wraps.
 */
function chartInCard(chart: ChartPartData, heading: string): ChartPartData {
  const { title: _drawn, ...spec } = chart.spec;
  const { title, ...rest } = chart;
  return {
    ...rest,
    ...(title !== undefined && title !== heading ? { title } : {}),
    spec: { ...spec, width: "container", height: 200 },
  };
}
