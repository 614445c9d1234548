import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFFont,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from "pdf-lib";

/**
 * PDFs made in the run, for tests and the retrieval benchmark: text PDFs with known lines on known pages, an
 * encrypted one, an image-only ("scanned") one and a damaged one. Needs `pdf-lib` (a dev dependency); not
 * part of any public entry point.
 */

/** Page size (US Letter, points), margins and type of {@link makePdf}. */
const pageWidth = 612;
const pageHeight = 792;
const margin = 56;
const fontSize = 11;
const leading = 14;

/**
 * A text PDF: one entry per page, each a list of lines drawn top to bottom in Helvetica 11 pt. An empty line
 * leaves a gap, so the lines around it read as two paragraphs; a line wider than the page is wrapped at
 * spaces. Lines past the page's foot are still drawn (below it), so every line stays on its page. Helvetica
 * only encodes Latin-1 (WinAnsi): other characters throw.
 *
 * @example
 * ```ts
 * const bytes = await makePdf([["Page one."], ["The code word is zebra."]]); // "zebra" is on page 2
 * ```
 */
export async function makePdf(pages: readonly (readonly string[])[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Fixed dates keep the bytes the same from run to run.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([pageWidth, pageHeight]);
    let y = pageHeight - margin;
    for (const line of lines) {
      if (line.trim() === "") {
        y -= leading;
        continue;
      }
      for (const piece of wrap(line, font)) {
        page.drawText(piece, { x: margin, y, size: fontSize, font });
        y -= leading;
      }
    }
  }
  return doc.save();
}

/** Splits a line at spaces into pieces that fit between the margins. */
function wrap(line: string, font: PDFFont): string[] {
  const width = pageWidth - 2 * margin;
  const pieces: string[] = [];
  let current = "";
  for (const word of line.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, fontSize) > width) {
      pieces.push(current);
      current = word;
    } else current = next;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * A PDF whose pages hold only an image (a grey pattern), like a scan without OCR: it has no text layer.
 */
export async function makeImageOnlyPdf(pageCount = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const side = 32;
  const pixels = new Uint8Array(side * side).map((_, i) => ((i % side) * 8 + Math.floor(i / side) * 3) % 256);
  const image = doc.context.register(
    doc.context.flateStream(pixels, {
      Type: "XObject",
      Subtype: "Image",
      Width: side,
      Height: side,
      ColorSpace: "DeviceGray",
      BitsPerComponent: 8,
    }),
  );
  for (let i = 0; i < pageCount; i++) {
    const page = doc.addPage([pageWidth, pageHeight]);
    const name = page.node.newXObject("Scan", image);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(pageWidth - 2 * margin, 0, 0, pageHeight - 2 * margin, margin, margin),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return doc.save();
}

/**
 * A one-page PDF encrypted with the Standard security handler (revision 2, RC4 40-bit) whose user password
 * is not empty: `/O` and `/U` are random, so no password opens it and a reader must ask for one. Made by
 * hand because pdf-lib cannot encrypt.
 */
export function makeEncryptedPdf(): Uint8Array {
  const hex = (length: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(length)), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    );
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    // The content stream's bytes are "encrypted" too: random, as they would look.
    `<< /Length 16 >>\nstream\n${"x".repeat(16)}\nendstream`,
    `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(32)}> /U <${hex(32)}> >>`,
  ];
  const id = hex(16);
  let text = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${id}> <${id}>] >>\n`;
  text += `startxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

/** Bytes that start like a PDF and then are not one: a truncated download, a damaged disk. */
export function makeCorruptPdf(): Uint8Array {
  return new TextEncoder().encode(
    "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\ngarbage",
  );
}
