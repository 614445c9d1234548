import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Principal } from "@quarry/core";
import { json, principals, type TestApi, type TestUser } from "./http-test-kit.js";

/** The shared evaluation data: real files of every format the ingest reads. */
const dataDir = new URL("../../../../../shared/eval/data/", import.meta.url);

/** A file of the evaluation data as a web `File`, under its own name unless one is given. */
export async function dataFile(name: string, as = name): Promise<File> {
  return new File([await readFile(fileURLToPath(new URL(name, dataDir)))], as);
}

/** A `multipart/form-data` request with each file in the `file` field. */
export function formOf(...files: File[]): RequestInit {
  const form = new FormData();
  for (const file of files) form.append("file", file);
  return { method: "POST", body: form };
}

/** The files as a streamed `multipart/form-data` body, without a length: only reading it tells its size. */
export function streamedFormOf(...files: File[]): RequestInit {
  const form = new FormData();
  for (const file of files) form.append("file", file);
  const encoded = new Response(form);
  return {
    method: "POST",
    headers: { "content-type": encoded.headers.get("content-type") ?? "" },
    body: encoded.body,
    duplex: "half",
  } as RequestInit;
}

/** A new empty session of the user; its id. */
export async function newSession(api: TestApi, user: TestUser): Promise<string> {
  const response = await api.call(user, "/sessions", json({}));
  return ((await response.json()) as { id: string }).id;
}

/**
 * Everything stored, for "nothing changed" checks: every user's live datasets (latest versions), every blob
 * key and every user's sessions with their attached datasets.
 */
export async function storedState(api: TestApi): Promise<unknown> {
  const users = Object.values(principals) as Principal[];
  return {
    datasets: await Promise.all(users.map((p) => api.store.datasets.list(p))),
    blobs: await api.quarry.blobs.list("tenants/"),
    sessions: await Promise.all(
      users.map(async (p) =>
        (await api.store.sessions.list(p, { archived: "include", limit: 200 })).items.map((s) => ({
          id: s.id,
          datasetIds: s.datasetIds,
        })),
      ),
    ),
  };
}
