import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset } from "../model/dataset.js";
import type { ChatState } from "./chat-client-types.js";
import type { StateStore } from "./chat-state-store.js";
import type { ChatError, ChatTransport, DatasetWithPreview } from "./chat-transport.js";

/** What the dataset actions need of the client around them. */
export interface DatasetContext {
  transport: ChatTransport;
  state: StateStore<ChatState>;
  fail(error: unknown, action: ChatError["action"], redo: (() => Promise<unknown>) | null): void;
  clearError(action: ChatError["action"]): void;
}

/** The datasets with these in them: a new version replaces the old one in its place, new ones go last. */
function withDatasets(
  datasets: readonly (Dataset | DatasetWithPreview)[],
  added: readonly (Dataset | DatasetWithPreview)[],
): (Dataset | DatasetWithPreview)[] {
  const byId = new Map(added.map((d) => [d.id, d]));
  const kept = datasets.map((d) => byId.get(d.id) ?? d);
  const known = new Set(datasets.map((d) => d.id));
  return [...kept, ...added.filter((d) => !known.has(d.id))];
}

/** The open session's datasets: adding uploaded ones to the panel and cleaning them. */
export function createDatasetActions(context: DatasetContext): {
  /** Shows datasets stored by an upload into `sessionId`, if it is still the open session. */
  stored(sessionId: string, datasets: readonly DatasetWithPreview[]): void;
  cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void>;
} {
  const { transport, state, fail, clearError } = context;

  function stored(sessionId: string, datasets: readonly DatasetWithPreview[]): void {
    if (state.get().currentSessionId !== sessionId) return;
    state.set((s) => ({ datasets: withDatasets(s.datasets, datasets) }));
  }

  async function cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void> {
    clearError("clean");
    try {
      const dataset = await transport.cleanDataset(datasetId, operations);
      state.set((s) => ({ datasets: withDatasets(s.datasets, [dataset]) }));
    } catch (error) {
      fail(error, "clean", () => cleanDataset(datasetId, operations));
    }
  }

  return { stored, cleanDataset };
}
