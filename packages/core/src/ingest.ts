/**
 * `@quarry/core/ingest`: files to datasets on DuckDB native (Node only). Reads CSV/TSV, Excel, JSON, NDJSON
 * and Parquet (format detected from content), writes a canonical Parquet copy, profiles every column,
 * suggests cleaning and applies it as new dataset versions. Needs `@duckdb/node-api`; Excel also needs
 * `@e965/xlsx`.
 * @packageDocumentation
 */
export { type ApplyCleaningOptions, applyCleaning, type CleaningResult } from "./cleaning/apply-cleaning.js";
export { type CastTarget, castTypes } from "./cleaning/cast-sql.js";
export {
  type CleaningColumn,
  cleaningSql,
  maxCleaningOperations,
  parseOperations,
} from "./cleaning/cleaning-sql.js";
export { datasetBlobKey, keySegment } from "./ingest/blob-keys.js";
export { type ColumnNames, type RenamedColumn, uniqueColumnNames } from "./ingest/column-names.js";
export {
  type DetectedFormat,
  detectFormat,
  detectHeadBytes,
  type FileFormat,
  type TextEncoding,
} from "./ingest/detect-format.js";
export {
  type IngestDatasetOptions,
  type IngestedDataset,
  ingestDataset,
  parquetContentType,
} from "./ingest/ingest-dataset.js";
export {
  type IngestedTable,
  type IngestFileOptions,
  type IngestFileResult,
  ingestFile,
} from "./ingest/ingest-file.js";
export type { IngestProgress, IngestProgressListener } from "./ingest/ingest-progress.js";
export { defaultMaxBytes, type IngestSource } from "./ingest/ingest-source.js";
export { quoteIdent, quoteLiteral } from "./ingest/sql-quote.js";
export { fileStem, maxTableNameLength, sanitizeTableName, tableNameFromFile } from "./ingest/table-name.js";
export { defaultWorkbookLimits, type WorkbookLimits } from "./ingest/zip-guard.js";
export { columnKindOf } from "./profile/column-kind.js";
export {
  type ProfileOptions,
  profileTable,
  type TableProfile,
  type TextChecks,
} from "./profile/profile-table.js";
export { castThreshold, suggestCleaning } from "./profile/suggestions.js";
