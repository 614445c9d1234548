import type { BlobStore } from "../blob/blob-store.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Dataset } from "../model/dataset.js";
import type { Document } from "../model/document.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import type { MockLlmRequest } from "../testing/model/script.js";

/** The refund policy of the document tests: the time limit is on page 2. */
export const policyPages = [
  "Acme Retail customer handbook. This handbook explains how orders, deliveries and accounts work for every customer of the shop.",
  "Refund policy. Refunds are accepted within 30 days of delivery when the item is unused. Refunds are paid to the original card within 5 business days.",
  "Shipping. Standard shipping takes 3 to 7 days. Express shipping is available in the capital for a fee of 12 euros.",
];

/** 40 orders (`order_id,status,amount`), every fifth refunded: 8 refunds. */
export function ordersCsv(): string {
  const lines = ["order_id,status,amount"];
  for (let i = 1; i <= 40; i++) {
    const status = i % 5 === 0 ? "refunded" : i % 7 === 0 ? "cancelled" : "delivered";
    lines.push(`${i},${status},${(i * 13) % 200}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Ingests {@link ordersCsv} as the dataset `orders`. */
export async function ingestOrders(store: Store, blobs: BlobStore, principal: Principal): Promise<Dataset> {
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal,
    source: { bytes: new TextEncoder().encode(ordersCsv()), fileName: "orders.csv" },
    name: "orders",
  });
  const dataset = datasets[0]?.dataset;
  if (!dataset) throw new Error("the orders CSV made no dataset");
  return dataset;
}

/**
 * Stores a processed document with one chunk per page, as ingestion would: for chat tests that do not
 * exercise ingestion itself.
 */
export async function storeDocument(
  store: Store,
  principal: Principal,
  fileName: string,
  pages: readonly string[],
  status: Document["status"] = "processed",
): Promise<Document> {
  const created = await store.documents.create(principal, {
    fileName,
    mediaType: "application/pdf",
    sizeBytes: pages.join("").length,
  });
  if (status === "processed") {
    await store.chunks.replace(
      principal,
      created.id,
      pages.map((text, index) => ({ index, page: index + 1, text })),
    );
  }
  return store.documents.update(principal, created.id, {
    status,
    pageCount: pages.length,
    ...(status === "failed" ? { error: "the PDF is damaged" } : {}),
  });
}

type Json = Record<string, unknown>;

/** The tools a request offered the model, by name, with their input schemas, in either wire format. */
export function sentTools(request: MockLlmRequest): Map<string, { description: string; schema: unknown }> {
  const tools = ((request.body as Json).tools ?? []) as Json[];
  return new Map(
    tools.map((tool) => {
      const fn = (tool.function ?? tool) as Json;
      return [
        String(fn.name),
        { description: String(fn.description), schema: fn.parameters ?? fn.input_schema },
      ] as const;
    }),
  );
}

/** The system instructions a request carried, in either wire format. */
export function sentSystem(request: MockLlmRequest): string {
  const body = request.body as Json;
  if (request.wire === "anthropic") {
    const system = body.system;
    return typeof system === "string"
      ? system
      : ((system ?? []) as Json[]).map((block) => String(block.text ?? "")).join("");
  }
  const first = ((body.messages ?? []) as Json[]).find((m) => m.role === "system" || m.role === "developer");
  return String(first?.content ?? "");
}
