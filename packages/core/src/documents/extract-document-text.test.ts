import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { extractDocumentPages } from "./extract-document-text.js";
import { makeCorruptPdf, makeEncryptedPdf, makeImageOnlyPdf, makePdf } from "./test-pdfs.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** The INVALID_FILE reason extraction fails with. */
async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(QuarryError.is(error, "INVALID_FILE"), String(error)).toBe(true);
  return (error as QuarryError).message;
}

describe("extractDocumentPages: PDF", () => {
  it("reads each page's text, with paragraphs, on the right page", async () => {
    const bytes = await makePdf([
      ["Quarterly report", "", "Revenue grew by 12 percent in the third quarter,", "driven by exports."],
      [],
      ["The secret code word is zebra."],
    ]);
    const result = await extractDocumentPages({ bytes, fileName: "report.pdf" });
    expect(result).toEqual({
      format: "pdf",
      paged: true,
      pages: [
        "Quarterly report\n\nRevenue grew by 12 percent in the third quarter, driven by exports.",
        "",
        "The secret code word is zebra.",
      ],
    });
  });

  it("leaves the caller's bytes usable (pdf.js takes over the buffer it gets)", async () => {
    const bytes = await makePdf([["Hello"]]);
    const copy = bytes.slice();
    await extractDocumentPages({ bytes, fileName: "a.pdf" });
    expect(bytes).toEqual(copy);
  });

  it("refuses a damaged PDF, saying so", async () => {
    expect(await reason(extractDocumentPages({ bytes: makeCorruptPdf(), fileName: "a.pdf" }))).toMatch(
      /^the PDF is damaged or not a PDF: .+/,
    );
  });

  it("refuses a PDF that needs a password", async () => {
    expect(await reason(extractDocumentPages({ bytes: makeEncryptedPdf(), fileName: "secret.pdf" }))).toBe(
      "the PDF is password-protected",
    );
  });

  it("refuses a PDF without a text layer (a scan)", async () => {
    const bytes = await makeImageOnlyPdf(2);
    expect(await reason(extractDocumentPages({ bytes, fileName: "scan.pdf" }))).toBe(
      "the PDF has no text layer (a scanned image?); run OCR first",
    );
  });

  it("refuses a PDF with more pages than maxPages, and checks maxPages", async () => {
    const bytes = await makePdf([["one"], ["two"], ["three"]]);
    expect(await reason(extractDocumentPages({ bytes, fileName: "a.pdf" }, { maxPages: 2 }))).toBe(
      "the PDF has 3 pages, more than the limit of 2",
    );
    await expect(extractDocumentPages({ bytes, fileName: "a.pdf" }, { maxPages: 0 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("stops with ABORTED when the signal fires", async () => {
    const bytes = await makePdf(Array.from({ length: 50 }, (_, i) => [`Page ${i + 1}`]));
    const controller = new AbortController();
    const reading = extractDocumentPages({ bytes, fileName: "a.pdf" }, { signal: controller.signal });
    controller.abort();
    await expect(reading).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("reads a PDF named .txt as a PDF", async () => {
    const bytes = await makePdf([["Disguised as text."]]);
    const result = await extractDocumentPages({ bytes, fileName: "notes.txt", mediaType: "text/plain" });
    expect(result).toMatchObject({ format: "pdf", pages: ["Disguised as text."] });
  });
});

describe("extractDocumentPages: text and Markdown", () => {
  it("reads a .pdf that is really text as text", async () => {
    const result = await extractDocumentPages({
      bytes: encode("Just a note."),
      fileName: "report.pdf",
      mediaType: "application/pdf",
    });
    expect(result).toEqual({ format: "text", paged: false, pages: ["Just a note."] });
  });

  it("tells Markdown from text by extension, then media type, then content", async () => {
    const read = async (fileName: string, text: string, mediaType?: string) =>
      (await extractDocumentPages({ bytes: encode(text), fileName, ...(mediaType ? { mediaType } : {}) }))
        .format;
    expect(await read("a.md", "plain words")).toBe("markdown");
    expect(await read("a.txt", "# Looks like a heading")).toBe("text");
    expect(await read("upload", "plain words", "text/markdown; charset=utf-8")).toBe("markdown");
    expect(await read("upload", "# Title\n\nBody")).toBe("markdown");
    expect(await read("upload", "See [the docs](https://example.com).")).toBe("markdown");
    expect(await read("upload", "Dear team, #1 priority today.")).toBe("text");
  });

  it("decodes UTF-8 with a BOM, UTF-16 with a BOM, and Windows-1252", async () => {
    const text = "Café – naïve";
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(text)]);
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer),
    ]);
    // "Café – naïve" in Windows-1252: é = E9, – = 96, ï = EF.
    const cp1252 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65]);
    for (const bytes of [bom, utf16, cp1252]) {
      expect((await extractDocumentPages({ bytes, fileName: "a.txt" })).pages).toEqual([text]);
    }
  });

  it("refuses an empty or blank file", async () => {
    expect(await reason(extractDocumentPages({ bytes: new Uint8Array(), fileName: "a.txt" }))).toBe(
      "the file is empty",
    );
    expect(await reason(extractDocumentPages({ bytes: encode(" \n\t\r\n"), fileName: "a.md" }))).toBe(
      "the file is empty",
    );
    expect(
      await reason(extractDocumentPages({ bytes: new Uint8Array([0xef, 0xbb, 0xbf]), fileName: "a.txt" })),
    ).toBe("the file is empty");
  });

  it("refuses binary that is neither PDF nor text, whatever its name", async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(await reason(extractDocumentPages({ bytes: png, fileName: "notes.txt" }))).toBe(
      "not a PDF or text file",
    );
    const controls = encode(`${"\u0001\u0002\u0003".repeat(20)}abc`);
    expect(await reason(extractDocumentPages({ bytes: controls, fileName: "a.md" }))).toBe(
      "not a PDF or text file",
    );
  });

  it("checks its arguments", async () => {
    const bad = { bytes: "text" as unknown as Uint8Array, fileName: "a.txt" };
    await expect(extractDocumentPages(bad)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
