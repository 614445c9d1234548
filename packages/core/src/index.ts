/**
 * `@quarry/core`: the domain model, errors and ports of Quarry.
 * Adapters live behind subpaths (`@quarry/core/memory`, `/postgres`, `/pglite`, `/indexeddb`, `/fs`), and
 * test helpers behind `@quarry/core/testing`.
 * @packageDocumentation
 */

export {
  createDataTools,
  type DataToolAuditEntry,
  type DataTools,
  type DataToolsOptions,
} from "./agent/tools/data-tools.js";
export {
  createDocumentTools,
  type DocumentSearchAuditEntry,
  type DocumentTools,
  type DocumentToolsOptions,
  isRelevantSearch,
} from "./agent/tools/document-tools.js";
export {
  type DataToolName,
  type DescribeTableInput,
  DescribeTableInputSchema,
  dataToolDefinitions,
  dataToolDefinitionsFor,
  dataToolInputSchemas,
  dataToolNames,
  type ListTablesInput,
  ListTablesInputSchema,
  maxSampleRows,
  type RunSqlInput,
  RunSqlInputSchema,
  type SampleRowsInput,
  SampleRowsInputSchema,
  type SearchDocumentsInput,
  SearchDocumentsInputSchema,
  searchDocumentsDefinition,
  searchDocumentsToolName,
  type ToolOutcome,
} from "./agent/tools/tool-contract.js";
export { checkBlobKey } from "./blob/blob-body.js";
export type { BlobBody, BlobInfo, BlobObject, BlobPutOptions, BlobStore } from "./blob/blob-store.js";
export * from "./chart.js";
export {
  agentInstructions,
  documentsOverview,
  promptVersion,
  schemaOverview,
} from "./chat/agent-instructions.js";
export { citationsPart, maxCitations } from "./chat/answer-citations.js";
export { historyForModel, threadOf } from "./chat/conversation.js";
export { createQuarry } from "./chat/create-quarry.js";
export {
  type EngineContext,
  type EngineLease,
  type EngineProvider,
  isEngineProvider,
  sharedEngine,
} from "./chat/engine-provider.js";
export { exportFileName } from "./chat/export-answer.js";
export {
  type CallOptions,
  type ChatOptions,
  defaultDocumentFallback,
  type ExportedFile,
  type ExportFormat,
  type Quarry,
  type QuarryDocumentOptions,
  type QuarryGlossary,
  type QuarryInsights,
  type QuarryMemory,
  type QuarryOptions,
  type SignalCallOptions,
  type TurnLimits,
} from "./chat/quarry-types.js";
export { titleFromQuestion } from "./chat/session-title.js";
export { type ModelChoice, modelChoices } from "./chat/turn-models.js";
export { datasetSession } from "./engine/dataset-session.js";
export {
  defaultQueryLimits,
  type GuardResult,
  type QueryOptions,
  type QueryResult,
  type SqlEngine,
  type TableColumn,
  type TableInfo,
} from "./engine/sql-engine.js";
export * from "./errors/quarry-error.js";
export {
  type CheckedNumber,
  checkGrounding,
  type GroundingPassage,
  type GroundingReport,
  type GroundingSources,
  type GroundingSupport,
  smallCountLimit,
} from "./grounding/check-grounding.js";
export { findNumbers, type NumberMention } from "./grounding/numbers-in-text.js";
export {
  createDatasetInsights,
  type DatasetInsights,
  type InsightCallOptions,
} from "./insights/dataset-insights.js";
export {
  type InsightCard,
  InsightCardSchema,
  type InsightKind,
  InsightKindSchema,
  type InsightRun,
  InsightRunSchema,
} from "./insights/insight-card.js";
export { type InsightColumns, insightColumns } from "./insights/insight-columns.js";
export { type RunInsightsOptions, runInsights } from "./insights/run-insights.js";
export * from "./model/index.js";
export type {
  FinishReason,
  LanguageModel,
  ModelCallOptions,
  ModelMessage,
  ModelStreamPart,
  ModelTool,
  ModelToolCall,
  ModelUsage,
} from "./model-provider/language-model.js";
export { type Clarification, type ClarificationOption, detectAmbiguity } from "./quality/clarification.js";
export { type FollowUp, type PreviousTurn, resolveFollowUp } from "./quality/follow-up.js";
export { checkGlossary } from "./quality/glossary.js";
export { declineAnswer, detectDataChange, type IntentVerdict } from "./quality/intent-gate.js";
export { type PromptVersions, promptVersions } from "./quality/prompt-version.js";
export type { QualityOptions, SchemaFocusOptions } from "./quality/quality-options.js";
export {
  type Confidence,
  checkResult,
  type SanityFinding,
  type SanityReport,
  sanityNote,
} from "./quality/result-sanity.js";
export type { StoreOptions } from "./store/clock.js";
export type {
  AuditRepository,
  ChunkRepository,
  DatasetRepository,
  DocumentRepository,
  FeedbackRepository,
  MemoryRepository,
  MessageRepository,
  Page,
  SessionRefs,
  SessionRepository,
  Store,
} from "./store/store.js";
