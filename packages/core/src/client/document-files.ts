/** Name endings of files that become documents: read and quoted, not queried. */
const documentExtensions: ReadonlySet<string> = new Set(["pdf", "txt", "text", "md", "markdown"]);

/** Name endings of files that become datasets; they win over a media type that says otherwise. */
const datasetExtensions: ReadonlySet<string> = new Set([
  "csv",
  "tsv",
  "tab",
  "json",
  "ndjson",
  "jsonl",
  "xlsx",
  "parquet",
]);

/** Media types of documents, for files whose name says nothing. */
const documentMediaTypes: ReadonlySet<string> = new Set([
  "application/pdf",
  "text/plain",
  "text/markdown",
  "text/x-markdown",
]);

/** What `accept` of a file input offers: every kind of file Quarry reads, datasets and documents. */
export const acceptedUploads = ".csv,.tsv,.xlsx,.json,.parquet,.pdf,.txt,.md";

/**
 * Whether a picked or dropped file is a document (PDF, text or Markdown, uploaded to the session's
 * documents) rather than a dataset: by its name's extension first, then by its media type. A `.txt` file is
 * a document even when it holds delimited rows; rename it `.csv` or `.tsv` to query it as a table. A file
 * neither says anything about goes to the datasets, whose server names what it accepts when it refuses.
 */
export function isDocumentFile(file: { name: string; type?: string }): boolean {
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1]?.toLowerCase();
  if (extension !== undefined && documentExtensions.has(extension)) return true;
  if (extension !== undefined && datasetExtensions.has(extension)) return false;
  const mediaType = (file.type ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return documentMediaTypes.has(mediaType);
}
