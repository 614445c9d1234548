/**
 * `@quarry/core/offline`: the offline planner, a `LanguageModel` that answers common analytic questions
 * deterministically, without an LLM, through the same tools a real model calls.
 * @packageDocumentation
 */
export { createOfflineModel, type OfflineModelOptions } from "./offline/offline-model.js";
