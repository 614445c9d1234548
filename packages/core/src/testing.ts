/**
 * `@quarry/core/testing`: conformance suites for adapters (run them against your own adapters too), a
 * mock LLM server speaking OpenAI's and Anthropic's wire formats, and an in-process scripted model with the
 * same scripts. Needs `vitest`; the mock server needs Node.
 * @packageDocumentation
 */

export { type CollectedStream, collectStream } from "./model-provider/collect-stream.js";
export type { BlobStoreConformanceOptions } from "./testing/blob/blob-harness.js";
export { runBlobStoreConformance } from "./testing/blob/run-blob-store-conformance.js";
export {
  customersFixture,
  engineFixtureTables,
  type FixtureColumn,
  type FixtureColumnType,
  type FixtureTable,
  type FixtureValue,
  forbiddenTableName,
  ordersFixture,
  type SqlDialect,
} from "./testing/engine/fixture-tables.js";
export type { SqlEngineConformanceOptions } from "./testing/engine/harness.js";
export {
  type HostileCategory,
  type HostileSql,
  hostileSql,
  pwnedPathPrefix,
} from "./testing/engine/hostile-sql.js";
export { type LegitSql, legitSql } from "./testing/engine/legit-sql.js";
export { runSqlEngineConformance } from "./testing/engine/run-sql-engine-conformance.js";
export {
  createHashEmbedder,
  defaultHashDimensions,
  type HashEmbedderOptions,
  hashEmbedding,
} from "./testing/hash-embedder.js";
export type {
  MockEmbeddingReply,
  MockEmbeddingResponse,
  MockEmbeddingScript,
} from "./testing/model/embeddings-wire.js";
export {
  createMockLlmServer,
  type MockLlmServer,
  type MockLlmServerOptions,
  mockApiKey,
} from "./testing/model/mock-llm-server.js";
export type {
  ModelConformanceContext,
  ModelConformanceOptions,
  SentToolCall,
  SentToolResult,
} from "./testing/model/model-harness.js";
export { sentToolCalls, sentToolResults } from "./testing/model/model-harness.js";
export { runModelConformance } from "./testing/model/run-model-conformance.js";
export type {
  MockErrorReply,
  MockFinishReason,
  MockHang,
  MockLlmRequest,
  MockReply,
  MockResponse,
  MockScript,
  MockToolCall,
  MockWire,
} from "./testing/model/script.js";
export {
  createScriptedModel,
  type ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedModelRequest,
  type ScriptedModelScript,
} from "./testing/model/scripted-model.js";
export { sampleDataset } from "./testing/store/dataset-tests.js";
export { expectCode, type StoreConformanceOptions, steppingClock } from "./testing/store/harness.js";
export { everyPartType } from "./testing/store/message-tests.js";
export { runStoreConformance } from "./testing/store/run-store-conformance.js";
