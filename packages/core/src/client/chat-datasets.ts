import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset, GlossaryEntry } from "../model/dataset.js";
import type { ChatActionContext } from "./chat-action-context.js";
import type { DatasetWithPreview } from "./chat-transport.js";

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

/** The open session's datasets: adding uploaded ones to the panel, cleaning them, editing their glossary. */
export function createDatasetActions(context: ChatActionContext): {
  /** Shows datasets stored by an upload into `sessionId`, if it is still the open session. */
  stored(sessionId: string, datasets: readonly DatasetWithPreview[]): void;
  cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void>;
  saveGlossary(datasetId: string, entries: readonly GlossaryEntry[]): Promise<void>;
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

  async function saveGlossary(datasetId: string, entries: readonly GlossaryEntry[]): Promise<void> {
    clearError("glossary");
    try {
      const glossary = await transport.putGlossary(datasetId, entries);
      // Only the glossary changed: the dataset keeps its preview and version.
      state.set((s) => ({
        datasets: s.datasets.map((d) => (d.id === datasetId ? { ...d, glossary } : d)),
      }));
    } catch (error) {
      fail(error, "glossary", () => saveGlossary(datasetId, entries), { datasetId });
    }
  }

  return { stored, cleanDataset, saveGlossary };
}
