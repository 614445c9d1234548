import { readAllBytes } from "../blob/blob-body.js";
import type { BlobStore } from "../blob/blob-store.js";
import type { EngineProvider } from "../chat/engine-provider.js";
import { datasetSession } from "../engine/dataset-session.js";
import { QuarryError } from "../errors/quarry-error.js";
import { portableDatasetKey } from "../ingest/blob-key-layout.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import { type InsightRun, InsightRunSchema } from "./insight-card.js";
import { runInsights } from "./run-insights.js";

/** Options of one insights call. */
export interface InsightCallOptions {
  principal: Principal;
  signal?: AbortSignal;
}

/** A principal's dataset insights: run the analyses, and read the latest run back. */
export interface DatasetInsights {
  /** Runs the analyses over the dataset's latest version and keeps the run as its latest. */
  run(datasetId: string, options: InsightCallOptions): Promise<InsightRun>;
  /** The latest run over the dataset (maybe over an earlier version: see `version`), or null. */
  latest(datasetId: string, options: InsightCallOptions): Promise<InsightRun | null>;
}

/**
 * Insights over the datasets of a store, run on engines from `engines` and kept as JSON in `blobs` beside
 * the dataset's copies (`…/datasets/{id}/insights.json`). Every call is scoped by the principal: another
 * user's dataset is `NOT_FOUND`, and its insights are never read.
 */
export function createDatasetInsights(deps: {
  store: Store;
  blobs: BlobStore;
  engines: EngineProvider;
}): DatasetInsights {
  async function datasetOf(principal: Principal, id: string): Promise<Dataset> {
    const dataset = await deps.store.datasets.get(principal, id);
    if (!dataset || dataset.deletedAt !== null) {
      throw new QuarryError("NOT_FOUND", `Dataset ${JSON.stringify(id)} was not found.`);
    }
    return dataset;
  }

  return {
    async run(datasetId, { principal, signal }) {
      const dataset = await datasetOf(principal, datasetId);
      const lease = await deps.engines.acquire({
        principal,
        session: datasetSession(principal, dataset),
        datasets: [dataset],
        ...(signal ? { signal } : {}),
      });
      try {
        const { skipped: _skipped, ...run } = await runInsights({
          engine: lease.engine,
          dataset,
          ...(signal ? { signal } : {}),
        });
        const parsed = InsightRunSchema.parse(run);
        await deps.blobs.put(
          await insightsKey(principal, dataset.id),
          new TextEncoder().encode(JSON.stringify(parsed)),
          {
            contentType: "application/json",
          },
        );
        return parsed;
      } finally {
        await lease.release();
      }
    },

    async latest(datasetId, { principal }) {
      const dataset = await datasetOf(principal, datasetId);
      const blob = await deps.blobs.get(await insightsKey(principal, dataset.id));
      if (!blob) return null;
      const parsed = InsightRunSchema.safeParse(
        JSON.parse(new TextDecoder().decode(await readAllBytes(blob.body))),
      );
      // A run written by another release that no longer parses is as good as none.
      return parsed.success ? parsed.data : null;
    },
  };
}

function insightsKey(principal: Principal, datasetId: string): Promise<string> {
  return portableDatasetKey(principal, datasetId, "insights.json");
}
