import { runBlobStoreConformance } from "../testing/blob/run-blob-store-conformance.js";
import { createMemoryBlobStore } from "./memory-blob-store.js";

runBlobStoreConformance({ name: "memory", createBlobStore: () => createMemoryBlobStore() });
