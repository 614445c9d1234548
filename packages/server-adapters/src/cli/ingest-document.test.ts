import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeImageOnlyPdf, makePdf } from "../../../core/src/documents/test-pdfs.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-ingest-documents-"));
  await writeFile(
    join(dir, "handbook.pdf"),
    await makePdf([["Welcome aboard."], ["Refunds within 45 days."]]),
  );
  await writeFile(join(dir, "scan.pdf"), await makeImageOnlyPdf());
  await writeFile(join(dir, "notes.txt"), "The dock closes at noon.\n\nVisitors sign in at the desk.\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("quarry ingest on documents", () => {
  it("prints a PDF's pages and passages, each with its page", async () => {
    const { code, out } = await run("ingest", join(dir, "handbook.pdf"));
    expect(code).toBe(0);
    expect(out).toMatch(/^handbook\.pdf: pdf, 2 pages, 2 passages \(\d+ bytes\)/);
    expect(out).toMatch(/\n\s*2\s+2\s+\d+\s+Refunds within 45 days\./);

    const json = await run("ingest", join(dir, "handbook.pdf"), "--json");
    expect(JSON.parse(json.out).document).toMatchObject({
      fileName: "handbook.pdf",
      format: "pdf",
      pages: 2,
      passages: [
        { index: 0, page: 1, text: "Welcome aboard." },
        { index: 1, page: 2, text: "Refunds within 45 days." },
      ],
    });
  });

  it("reads a .txt as a document only when asked, and says why a scan cannot be read", async () => {
    const asDocument = await run("ingest", join(dir, "notes.txt"), "--document", "--json");
    expect(JSON.parse(asDocument.out).document).toMatchObject({ format: "text", pages: null });
    const scan = await run("ingest", join(dir, "scan.pdf"));
    expect(scan.code).toBe(2);
    expect(scan.err).toMatch(/^quarry ingest: scan\.pdf: the PDF has no text layer/);
    const json = await run("ingest", join(dir, "scan.pdf"), "--json");
    expect(JSON.parse(json.out).error.code).toBe("INVALID_FILE");
  });
});
