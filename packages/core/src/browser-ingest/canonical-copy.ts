import { tableFromIPC, tableToIPC } from "apache-arrow";
import { portableDatasetKey } from "../ingest/blob-key-layout.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { Principal } from "../model/principal.js";
import type { IngestWorkspace } from "./ingest-database.js";

/** The media type of the browser's canonical copies: an Arrow IPC stream. */
export const arrowStreamContentType = "application/vnd.apache.arrow.stream";

/**
 * A table's canonical copy: one Arrow IPC stream (the Arrow IPC *file* the worker sends, re-framed as a stream).
 *
 * Why Arrow and not Parquet, as on the server: DuckDB-WASM 1.4 writes Parquet only through its parquet
 * extension, which it does not bundle (`COPY … TO 'x.parquet'` fails with "Copy Function with name parquet
 * is not in the catalog"), and downloading it is what the ingest must never do. An Arrow stream is what
 * DuckDB-WASM exports natively and what the engine loads without decoding (`insertArrowFromIPCStream`), with
 * every DuckDB type an ingest produces kept; the price is an uncompressed copy, larger than zstd Parquet.
 */
export async function arrowCopyOf(ws: IngestWorkspace, table: string): Promise<Uint8Array> {
  const file = await ws.arrowFile(`SELECT * FROM ${quoteIdent(table)}`);
  return tableToIPC(tableFromIPC(file), "stream");
}

/**
 * Where a browser dataset version's copy lives:
 * `tenants/{tenant}/users/{user}/datasets/{id}/v{version}.arrows`, laid out as the server's `datasetBlobKey`
 * lays out its keys; long ids are hashed with Web Crypto, which is asynchronous, where the server uses
 * `node:crypto`.
 */
export async function arrowCopyKey(
  principal: Principal,
  datasetId: string,
  version: number,
): Promise<string> {
  return portableDatasetKey(principal, datasetId, `v${version}.arrows`);
}
