import { expect } from "vitest";
import type { TestApi } from "../http-test-kit.js";
import { dataFile, formOf, newSession } from "../upload-test-files.js";

/** Test helpers of the memory, glossary and insight routes. */

/** A session of alice with seattle-weather.csv uploaded into it: their ids. */
export async function weatherSession(api: TestApi): Promise<{ sessionId: string; datasetId: string }> {
  const sessionId = await newSession(api, "alice");
  const response = await api.call(
    "alice",
    `/sessions/${sessionId}/datasets`,
    formOf(await dataFile("seattle-weather.csv")),
  );
  expect(response.status).toBe(201);
  const { datasets } = (await response.json()) as { datasets: { id: string }[] };
  return { sessionId, datasetId: datasets[0]?.id as string };
}

/** An error response's status and code. */
export async function failure(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { code?: string } };
  return [response.status, body.error?.code ?? ""];
}
