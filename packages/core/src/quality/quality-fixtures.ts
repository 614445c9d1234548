import type { ColumnProfile, Dataset, GlossaryEntry } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { MessagePart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";

/** Test helpers of the quality features. */

/** A dataset record over a table, each column a number unless its profile says otherwise. */
export function datasetFixture(
  tableName: string,
  rowCount: number,
  columns: Partial<ColumnProfile>[],
  glossary: GlossaryEntry[] = [],
): Dataset {
  return {
    id: `ds_${tableName}`,
    ownerId: "u",
    tenantId: "t",
    name: tableName,
    tableName,
    format: "csv",
    rowCount,
    sizeBytes: 1,
    columns: columns.map((c) => ({
      name: "x",
      type: "DOUBLE",
      kind: "number",
      nullCount: 0,
      nullRate: 0,
      distinctCount: 10,
      ...c,
    })),
    glossary,
    suggestions: [],
    blobKey: null,
    sourceFileName: null,
    metadata: {},
    version: 1,
    deletedAt: null,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };
}

/** Stores a question and an answer to it in a session; returns both. */
export async function storeExchange(
  store: Store,
  principal: Principal,
  sessionId: string,
  question: string,
  answer: { parts?: MessagePart[]; metadata?: Message["metadata"] },
): Promise<[Message, Message]> {
  const asked = await store.messages.append(principal, sessionId, {
    role: "user",
    parts: [{ type: "text", text: question }],
  });
  const replied = await store.messages.append(principal, sessionId, {
    role: "assistant",
    replyTo: asked.id,
    parts: answer.parts ?? [],
    metadata: answer.metadata ?? {},
  });
  return [asked, replied];
}
