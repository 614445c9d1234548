import type { CleaningOperation } from "../model/cleaning.js";
import { limits, type Metadata } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";

/**
 * The metadata of a cleaned version: the earlier metadata plus which version it came from and the operations
 * applied, when that still fits the metadata limit (else the earlier metadata alone).
 */
export function cleanedVersionMetadata(current: Dataset, operations: readonly CleaningOperation[]): Metadata {
  const metadata: Metadata = {
    ...current.metadata,
    cleaning: { fromVersion: current.version, operations: [...operations] },
  };
  return JSON.stringify(metadata).length <= limits.metadataBytes ? metadata : current.metadata;
}
