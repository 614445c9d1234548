import type { ChatActionContext } from "./chat-action-context.js";
import type { DatasetInsightsState } from "./chat-client-types.js";

const unknown: DatasetInsightsState = { run: null, loaded: false, running: false };

/**
 * The insights of the open session's datasets, by dataset id. The latest run is asked for once, when a view
 * first shows a dataset; a run replaces it when it ends. Either answer is dropped when another session has
 * opened meanwhile (the map is emptied whenever the open session changes).
 */
export function createInsightActions(context: ChatActionContext): {
  load(datasetId: string): Promise<void>;
  run(datasetId: string): Promise<void>;
} {
  const { transport, state, fail, clearError } = context;

  /** Changes a dataset's entry, if its session is still the open one. */
  function update(sessionId: string | null, datasetId: string, patch: Partial<DatasetInsightsState>): void {
    state.set((s) => {
      if (s.currentSessionId !== sessionId) return {};
      const entry = s.insights[datasetId] ?? unknown;
      return { insights: { ...s.insights, [datasetId]: { ...entry, ...patch } } };
    });
  }

  async function load(datasetId: string): Promise<void> {
    const { currentSessionId, insights } = state.get();
    if (insights[datasetId]) return;
    update(currentSessionId, datasetId, {});
    let run: DatasetInsightsState["run"] = null;
    try {
      run = await transport.latestInsights(datasetId);
    } catch {
      // Insights are an extra: a server that cannot say leaves the section empty, with "Find insights".
    }
    // A run that ended while the latest was asked for is newer than the latest.
    if (state.get().insights[datasetId]?.loaded) return;
    update(currentSessionId, datasetId, { run, loaded: true });
  }

  async function run(datasetId: string): Promise<void> {
    const sessionId = state.get().currentSessionId;
    if (state.get().insights[datasetId]?.running) return;
    clearError("insights");
    update(sessionId, datasetId, { running: true });
    try {
      const result = await transport.runInsights(datasetId);
      update(sessionId, datasetId, { run: result, loaded: true, running: false });
    } catch (error) {
      update(sessionId, datasetId, { running: false });
      // A run of a session the user has left is no longer theirs to retry.
      if (state.get().currentSessionId !== sessionId) return;
      fail(error, "insights", () => run(datasetId), { datasetId });
    }
  }

  return { load, run };
}
