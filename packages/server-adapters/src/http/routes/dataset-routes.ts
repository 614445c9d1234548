import {
  CleaningOperationSchema,
  type Dataset,
  datasetSession,
  type Principal,
  type Quarry,
  QuarryError,
  type QueryResult,
} from "@quarry/core";
import { applyCleaning, maxCleaningOperations, quoteIdent } from "@quarry/core/ingest";
import { z } from "zod";
import { uploadDatasets } from "../dataset-upload.js";
import { readJson } from "../json-body.js";
import type { QuarryApp, RouteContext } from "../route-context.js";
import { parseQuery } from "./session-routes.js";
import { sessionOf, uploadIntoSession } from "./session-upload.js";

/** Rows of the preview that comes with an upload or a cleaning. */
const previewRows = 20;

/** The query of `GET /datasets/:id/preview`; query-string numbers arrive as text. */
export const DatasetPreviewQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The body of `POST /datasets/:id/clean`. */
export const CleanBodySchema = z.strictObject({
  operations: z.array(CleaningOperationSchema).min(1).max(maxCleaningOperations),
});

/**
 * Datasets: upload files into a session (multipart), list a session's datasets, get one with its profile,
 * preview its rows, clean it into a new version, delete it.
 */
export function datasetRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  const { store } = quarry;

  app.post("/sessions/:id/datasets", async (c) => {
    const datasets = await uploadDatasets(await uploadIntoSession(c, { quarry, limits }));
    return c.json({ datasets: datasets.map((d) => withPreview(d.dataset, d.preview)) }, 201);
  });

  app.get("/sessions/:id/datasets", async (c) => {
    const principal = c.get("principal");
    const session = await sessionOf(quarry, principal, c.req.param("id"));
    if (session.datasetIds.length === 0) return c.json({ datasets: [] });
    const found = await store.datasets.list(principal, { ids: session.datasetIds });
    const live = new Map(found.filter((d) => d.deletedAt === null).map((d) => [d.id, d]));
    return c.json({ datasets: session.datasetIds.flatMap((id) => live.get(id) ?? []) });
  });

  app.get("/datasets/:id", async (c) => {
    return c.json(await datasetOf(quarry, c.get("principal"), c.req.param("id")));
  });

  app.get("/datasets/:id/preview", async (c) => {
    const principal = c.get("principal");
    const { limit = 50 } = parseQuery(c.req.url, DatasetPreviewQuerySchema);
    const dataset = await datasetOf(quarry, principal, c.req.param("id"));
    const signal = c.req.raw.signal;
    const lease = await quarry.engines.acquire({
      principal,
      session: datasetSession(principal, dataset),
      datasets: [dataset],
      signal,
    });
    try {
      const result = await lease.engine.query(
        `SELECT * FROM ${quoteIdent(dataset.tableName)} LIMIT ${limit}`,
        {
          maxRows: limit,
          signal,
        },
      );
      return c.json({
        columns: result.columns,
        rows: result.rows,
        rowCount: dataset.rowCount,
        truncated: dataset.rowCount > result.rows.length,
      });
    } finally {
      await lease.release();
    }
  });

  app.delete("/datasets/:id", async (c) => {
    await store.datasets.softDelete(c.get("principal"), c.req.param("id"));
    return c.body(null, 204);
  });

  app.post("/datasets/:id/clean", async (c) => {
    const { operations } = await readJson(c.req.raw, CleanBodySchema, limits.bodyBytes);
    const result = await applyCleaning({
      store,
      blobs: quarry.blobs,
      principal: c.get("principal"),
      datasetId: c.req.param("id"),
      operations,
      signal: c.req.raw.signal,
    });
    return c.json(withPreview(result.dataset, result.preview));
  });
}

async function datasetOf(quarry: Quarry, principal: Principal, id: string): Promise<Dataset> {
  const dataset = await quarry.store.datasets.get(principal, id);
  if (!dataset || dataset.deletedAt !== null) throw new QuarryError("NOT_FOUND", "No such dataset.");
  return dataset;
}

/** A dataset with its first rows, as an upload or a cleaning answers it. */
function withPreview(dataset: Dataset, preview: QueryResult) {
  return {
    ...dataset,
    preview: {
      columns: preview.columns,
      rows: preview.rows.slice(0, previewRows),
      rowCount: dataset.rowCount,
    },
  };
}
