import type { DocumentRetriever } from "../documents/document-ports.js";
import type { Metadata } from "../model/common.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { LanguageModel, ModelMessage } from "../model-provider/language-model.js";
import type { QualityRuntime } from "../quality/turn-quality.js";
import type { Store } from "../store/store.js";
import type { EngineProvider } from "./engine-provider.js";

/** The settings of a turn, with every default filled in. */
export interface TurnSettings {
  maxSteps: number;
  tableRows: number;
  queryMaxRows: number;
  queryTimeoutMs: number;
  modelRows: number;
  instructions: string | undefined;
}

/** How a turn searches the session's documents. */
export interface TurnDocuments {
  retriever: DocumentRetriever;
  /** Passages per search. */
  searchLimit: number;
  /** The sentence an answer opens with when the searches found nothing relevant. */
  fallback: string;
}

/** Everything one turn works with. */
export interface TurnInput {
  store: Store;
  model: LanguageModel;
  engines: EngineProvider;
  principal: Principal;
  session: Session;
  /** The stored question this turn answers. */
  question: Message;
  questionText: string;
  /** Earlier conversation, oldest first. */
  history: ModelMessage[];
  /** The same conversation as stored messages (a thread), for follow-ups and clarification replies. */
  earlier: readonly Message[];
  /** The pipeline's answer-quality features. */
  quality: QualityRuntime;
  /** An edited or regenerated question: answered anew, never from the cache. */
  fresh?: boolean;
  /** What the quality features did this turn, for its audit entries; filled as the turn goes. */
  auditDetails?: Metadata;
  settings: TurnSettings;
  /** Without it, the turn offers no document search even when the session has documents. */
  documents?: TurnDocuments;
  signal: AbortSignal | undefined;
  now: () => Date;
}
