import type { Dataset } from "@quarry/core";
import type { DatasetInsightsState } from "@quarry/core/client";
import { useEffect, useId, useMemo } from "react";
import { run } from "./download.js";
import { InsightCardView } from "./insight-card.js";
import { format } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link InsightsSection}. */
export interface InsightsSectionProps {
  dataset: Dataset;
  /** What the client knows of the dataset's insights; undefined until they are asked for. */
  insights: DatasetInsightsState | undefined;
  /** Whether the reader can see the section: the latest run is asked for the first time it is. */
  shown: boolean;
}

/**
 * A dataset's insights: "Find insights" (the analyses run on the server, no model involved), a status line
 * while they run, then the latest run's cards, best first, with a note when the dataset has changed since.
 */
export function InsightsSection({ dataset, insights, shown }: InsightsSectionProps) {
  const { strings, actions } = useWidget();
  const headingId = useId();
  const running = insights?.running ?? false;
  const latest = insights?.run ?? null;
  const cards = useMemo(() => [...(latest?.cards ?? [])].sort((a, b) => b.score - a.score), [latest]);

  useEffect(() => {
    if (shown) run(actions.loadInsights(dataset.id));
  }, [shown, actions, dataset.id]);

  return (
    <section className="quarry-insights" aria-labelledby={headingId}>
      <div className="quarry-insights-header">
        <h4 id={headingId} className="quarry-part-header">
          {strings.insights}
        </h4>
        <button
          type="button"
          className="quarry-button quarry-button-small"
          aria-label={format(strings.findInsightsIn, { name: dataset.name })}
          disabled={running}
          onClick={() => run(actions.runInsights(dataset.id))}
        >
          {strings.findInsights}
        </button>
      </div>
      <p role="status" className="quarry-status">
        {running && (
          <>
            <span className="quarry-spinner" aria-hidden="true" />
            {strings.findingInsights}
          </>
        )}
      </p>
      {latest && latest.version !== dataset.version && (
        <p className="quarry-warning">{format(strings.insightsOlderVersion, { version: latest.version })}</p>
      )}
      {latest && cards.length === 0 && !running && <p className="quarry-muted">{strings.noInsights}</p>}
      {cards.length > 0 && (
        <ol className="quarry-insight-cards">
          {cards.map((card) => (
            <li key={card.id}>
              <InsightCardView card={card} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
