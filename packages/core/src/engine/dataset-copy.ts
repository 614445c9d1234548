import { readAllBytes } from "../blob/blob-body.js";
import type { BlobStore } from "../blob/blob-store.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { Dataset } from "../model/dataset.js";

/**
 * The bytes of a dataset version's canonical copy (`dataset.blobKey`), for an engine provider to load; a
 * `NOT_FOUND` naming the dataset when it has none or the blob is gone. `copy` is what the messages call the
 * copy, e.g. `"Parquet copy"`.
 */
export async function readDatasetCopy(blobs: BlobStore, dataset: Dataset, copy: string): Promise<Uint8Array> {
  const name = `${JSON.stringify(dataset.name)} (${dataset.id}, version ${dataset.version})`;
  const details = { datasetId: dataset.id, version: dataset.version };
  if (dataset.blobKey === null) {
    throw new QuarryError("NOT_FOUND", `The dataset ${name} has no ${copy} to query.`, { details });
  }
  const blob = await blobs.get(dataset.blobKey);
  if (!blob) {
    throw new QuarryError("NOT_FOUND", `The ${copy} of the dataset ${name} is missing from the blob store.`, {
      details,
    });
  }
  return readAllBytes(blob.body);
}
