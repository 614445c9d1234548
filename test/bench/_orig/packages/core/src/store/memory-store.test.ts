import { runStoreConformance } from "../testing.js";
import { createMemoryStore } from "./memory-store.js";

runStoreConformance({ name: "memory", createStore: (options) => createMemoryStore(options) });
