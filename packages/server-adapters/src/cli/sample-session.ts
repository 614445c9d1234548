import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Principal, Quarry, Session } from "@quarry/core";
import { ingestDataset } from "@quarry/core/ingest";

/** The sample table and the document about it, shipped in the package's `samples/` folder. */
export const sampleFiles = {
  table: "seattle-weather.csv",
  document: "seattle-weather-notes.pdf",
} as const;

/** The sample session's title. */
export const sampleSessionTitle = "Sample: Seattle weather";

/**
 * Where the samples are: `samples/` beside `dist/` when bundled, or the package's `samples/` when running
 * from source (tests, `tsx`).
 */
export function defaultSamplesDir(): string {
  const bundled = import.meta.url.includes("/dist/");
  return fileURLToPath(new URL(bundled ? "../samples/" : "../../samples/", import.meta.url));
}

/**
 * Gives a new user something to ask about: when `principal` has no session yet, creates one titled
 * {@link sampleSessionTitle} with the Seattle weather table (1,461 days, 2012–2015) and a three-page PDF of
 * notes about it, so both table questions ("Total precipitation by year") and document questions ("How was
 * the weather label assigned?") work at once. Resolves with the session, or null when the user already had
 * sessions (nothing is added twice, and nothing a user deleted comes back while others remain).
 */
export async function seedSampleSession(
  quarry: Quarry,
  principal: Principal,
  dir: string = defaultSamplesDir(),
): Promise<Session | null> {
  const { store, blobs } = quarry;
  const existing = await store.sessions.list(principal, { limit: 1, archived: "include" });
  if (existing.items.length > 0) return null;
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal,
    source: { path: join(dir, sampleFiles.table) },
  });
  const session = await store.sessions.create(principal, {
    title: sampleSessionTitle,
    datasetIds: datasets.map((d) => d.dataset.id),
  });
  const bytes = new Uint8Array(await readFile(join(dir, sampleFiles.document)));
  await quarry.documents.add(session.id, [{ fileName: sampleFiles.document, bytes }], { principal });
  return (await store.sessions.get(principal, session.id)) ?? session;
}
