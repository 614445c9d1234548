import { type Dataset, GlossaryEntrySchema } from "../../model/dataset.js";
import type { Principal } from "../../model/principal.js";
import {
  buildDataset,
  buildDatasetVersion,
  checkPrincipal,
  duplicateId,
  parseDatasetVersion,
  type RecordContext,
} from "../records.js";
import type { DatasetRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import type { Row, SqlDatabase, SqlRunner } from "./postgres-client.js";
import { isoTime, isoTimeOrNull, json, jsonParam, num, text, textOrNull } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const datasetColumns = [
  "id",
  "version",
  "tenant_id",
  "owner_id",
  "name",
  "table_name",
  "format",
  "row_count",
  "size_bytes",
  "columns",
  "glossary",
  "suggestions",
  "blob_key",
  "source_file_name",
  "metadata",
  "deleted_at",
  "created_at",
  "updated_at",
].join(", ");

function datasetFromRow(row: Row): Dataset {
  return {
    id: text(row.id),
    ownerId: text(row.owner_id),
    tenantId: text(row.tenant_id),
    name: text(row.name),
    tableName: text(row.table_name),
    format: text(row.format) as Dataset["format"],
    rowCount: num(row.row_count),
    sizeBytes: num(row.size_bytes),
    columns: json<Dataset["columns"]>(row.columns),
    glossary: json<Dataset["glossary"]>(row.glossary),
    suggestions: json<Dataset["suggestions"]>(row.suggestions),
    blobKey: textOrNull(row.blob_key),
    sourceFileName: textOrNull(row.source_file_name),
    metadata: json<Dataset["metadata"]>(row.metadata),
    version: num(row.version),
    deletedAt: isoTimeOrNull(row.deleted_at),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

function datasetParams(d: Dataset): unknown[] {
  return [
    d.id,
    d.version,
    d.tenantId,
    d.ownerId,
    d.name,
    d.tableName,
    d.format,
    d.rowCount,
    d.sizeBytes,
    jsonParam(d.columns),
    jsonParam(d.glossary),
    jsonParam(d.suggestions),
    d.blobKey,
    d.sourceFileName,
    jsonParam(d.metadata),
    d.deletedAt,
    d.createdAt,
    d.updatedAt,
  ];
}

const insertValues =
  "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14, $15::jsonb, $16::timestamptz, $17::timestamptz, $18::timestamptz";

/** The caller's live rows of a dataset: owned and not soft-deleted. */
const live = "id = $1 AND tenant_id = $2 AND owner_id = $3 AND deleted_at IS NULL";

/**
 * The latest live version, with the dataset locked against other writers for the transaction. Version 1
 * is the row locked: it always exists, whereas locking the latest row would let a waiting writer wake up
 * holding a version that is no longer the latest; the read after the lock sees what they committed.
 */
async function lockLatest(tx: SqlRunner, t: StoreTables, principal: Principal, id: string): Promise<Dataset> {
  const owner = [id, principal.tenantId, principal.userId];
  const locked = await tx.query(
    `SELECT 1 FROM ${t.datasets} WHERE ${live} AND version = 1 FOR UPDATE`,
    owner,
  );
  if (locked.length === 0) throw notFound("Dataset", id);
  const [row] = await tx.query(
    `SELECT ${datasetColumns} FROM ${t.datasets} WHERE ${live} ORDER BY version DESC LIMIT 1`,
    owner,
  );
  if (!row) throw notFound("Dataset", id);
  return datasetFromRow(row);
}

/** Datasets in Postgres: one row a version, keyed by (id, version); soft delete marks every version. */
export function createDatasetQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): DatasetRepository {
  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const d = buildDataset(principal, input, ctx);
      const inserted = await db.query(
        `INSERT INTO ${t.datasets} (${datasetColumns}) VALUES (${insertValues}) ON CONFLICT DO NOTHING RETURNING id`,
        datasetParams(d),
      );
      if (inserted.length === 0) throw duplicateId("dataset", d.id);
      return d;
    },

    async get(principal, id, options = {}) {
      checkPrincipal(principal);
      // No row has a version that is not a whole number; the database would reject the comparison.
      if (options.version !== undefined && !Number.isSafeInteger(options.version)) return null;
      const params: unknown[] = [id, principal.tenantId, principal.userId];
      const version = options.version === undefined ? "" : `AND version = $${params.push(options.version)}`;
      const [row] = await db.query(
        `SELECT ${datasetColumns} FROM ${t.datasets} WHERE ${live} ${version} ORDER BY version DESC LIMIT 1`,
        params,
      );
      return row ? datasetFromRow(row) : null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      if (options.ids && options.ids.length === 0) return [];
      const params: unknown[] = [principal.tenantId, principal.userId];
      const ids = options.ids ? `AND id = ANY($${params.push([...options.ids])}::text[])` : "";
      const rows = await db.query(
        `SELECT * FROM (
           SELECT DISTINCT ON (id) ${datasetColumns} FROM ${t.datasets}
           WHERE tenant_id = $1 AND owner_id = $2 AND deleted_at IS NULL ${ids}
           ORDER BY id, version DESC
         ) latest ORDER BY created_at, id`,
        params,
      );
      return rows.map(datasetFromRow);
    },

    async versions(principal, id) {
      checkPrincipal(principal);
      const rows = await db.query(
        `SELECT ${datasetColumns} FROM ${t.datasets} WHERE ${live} ORDER BY version`,
        [id, principal.tenantId, principal.userId],
      );
      return rows.map(datasetFromRow);
    },

    async newVersion(principal, id, input) {
      checkPrincipal(principal);
      const parsed = parseDatasetVersion(input);
      return db.transaction(async (tx) => {
        const next = buildDatasetVersion(await lockLatest(tx, t, principal, id), parsed, ctx);
        await tx.query(
          `INSERT INTO ${t.datasets} (${datasetColumns}) VALUES (${insertValues})`,
          datasetParams(next),
        );
        return next;
      });
    },

    async setGlossary(principal, id, glossary) {
      checkPrincipal(principal);
      const parsed = parseInput(GlossaryEntrySchema.array().max(1_000), glossary, "glossary");
      return db.transaction(async (tx) => {
        const latest = await lockLatest(tx, t, principal, id);
        const updated: Dataset = { ...latest, glossary: parsed, updatedAt: ctx.now().toISOString() };
        await tx.query(
          `UPDATE ${t.datasets} SET glossary = $3::jsonb, updated_at = $4::timestamptz WHERE id = $1 AND version = $2`,
          [id, latest.version, jsonParam(updated.glossary), updated.updatedAt],
        );
        return updated;
      });
    },

    async softDelete(principal, id) {
      checkPrincipal(principal);
      const deletedAt = ctx.now().toISOString();
      const deleted = await db.query(
        `UPDATE ${t.datasets} SET deleted_at = $4::timestamptz, updated_at = $4::timestamptz WHERE ${live}
         RETURNING version`,
        [id, principal.tenantId, principal.userId, deletedAt],
      );
      if (deleted.length === 0) throw notFound("Dataset", id);
    },
  };
}
