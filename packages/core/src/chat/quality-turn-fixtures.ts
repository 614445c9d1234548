import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import type { MockLlmRequest } from "../testing/model/script.js";

/** Test helpers for the quality features in a chat turn. */

type Json = Record<string, unknown>;

/** The text of the last user message a request carried (tool results aside), in either wire format. */
export function sentQuestion(request: MockLlmRequest | undefined): string {
  const messages = ((request?.body as Json | undefined)?.messages ?? []) as Json[];
  for (const message of [...messages].reverse()) {
    if (message.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    const text = ((message.content ?? []) as Json[]).filter((b) => b.type === "text");
    if (text.length > 0) return text.map((b) => String(b.text)).join("");
  }
  return "";
}

/** A dataset record over the bench's `sales` table, attached to the session, with an optional glossary. */
export async function salesDataset(
  store: Store,
  principal: Principal,
  sessionId: string,
  glossary: Dataset["glossary"] = [],
): Promise<Dataset> {
  const dataset = await store.datasets.create(principal, {
    name: "Sales",
    tableName: "sales",
    format: "csv",
    rowCount: 4,
    sizeBytes: 100,
    columns: [
      {
        name: "region",
        type: "VARCHAR",
        kind: "string",
        nullCount: 0,
        nullRate: 0,
        distinctCount: 2,
        topValues: [
          { value: "North", count: 2 },
          { value: "South", count: 2 },
        ],
      },
      { name: "month", type: "DATE", kind: "date", nullCount: 0, nullRate: 0, distinctCount: 2 },
      {
        name: "amount",
        type: "DOUBLE",
        kind: "number",
        nullCount: 0,
        nullRate: 0,
        distinctCount: 3,
        min: 50,
        max: 200,
      },
    ],
    glossary,
  });
  await store.sessions.attach(principal, sessionId, { datasetIds: [dataset.id] });
  return dataset;
}
