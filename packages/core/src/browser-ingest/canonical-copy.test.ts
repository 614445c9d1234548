import { describe, expect, it } from "vitest";
import { datasetBlobKey } from "../ingest/blob-keys.js";
import { arrowCopyKey } from "./canonical-copy.js";

describe("arrowCopyKey", () => {
  it("lays keys out as the server does, long ids hashed with Web Crypto to the same segment", async () => {
    const principal = { tenantId: "acme.corp", userId: "ü".repeat(40) };
    const id = `x/${"y".repeat(120)}`;
    const server = datasetBlobKey(principal, id, 3);
    expect(await arrowCopyKey(principal, id, 3)).toBe(server.replace(/\.parquet$/, ".arrows"));
    expect(server).toMatch(
      /^tenants\/acme_2Ecorp\/users\/h-[0-9a-f]{40}\/datasets\/h-[0-9a-f]{40}\/v3\.parquet$/,
    );
  });
});
