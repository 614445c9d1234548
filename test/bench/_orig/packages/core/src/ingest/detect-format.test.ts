import { describe, expect, test } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { detectFormat } from "./detect-format.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("detectFormat", () => {
  test.each([
    ["PAR1\u0000\u0000", "data.csv", "parquet"],
    ["PK\u0003\u0004rest", "book.bin", "xlsx"],
    ['[{"a":1}]', "data.txtx", "json"],
    ['  \n [{"a":1}]', "x", "json"],
    ['{"a":1}\n{"a":2}\n', "data.json", "ndjson"],
    ['{\n  "a": 1\n}', "data.json", "json"],
    ["a,b\n1,2\n", "data.txt", "csv"],
    ["a\tb\n1\t2\n", "data.txt", "tsv"],
    ["a,b\n1,2\n", "data.tsv", "tsv"],
    ['[id],name\n1,"x"\n', "data.csv", "csv"],
  ])("%j named %s is %s", (content, name, format) => {
    expect(detectFormat(bytes(content), name).format).toBe(format);
  });

  test("encodings: UTF-8, UTF-8 with BOM, UTF-16 by BOM, Latin-1 when not UTF-8", () => {
    expect(detectFormat(bytes("name\nJosé\n")).encoding).toBe("utf-8");
    expect(detectFormat(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a])).encoding).toBe("utf-8");
    expect(detectFormat(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).encoding).toBe("utf-16");
    expect(detectFormat(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x0a])).encoding).toBe("latin-1");
  });

  test("a UTF-8 sequence cut at the end of the head is still UTF-8", () => {
    const head = bytes("a,b\nü");
    expect(detectFormat(head.subarray(0, head.length - 1)).encoding).toBe("utf-8");
  });

  test.each([
    [new Uint8Array(0), /empty/],
    [bytes("   \n\n"), /no data/],
    [new Uint8Array([0x61, 0x00, 0x62, 0x2c]), /not a text file/],
    [new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 0x41))), /not a text file/],
    [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]), /xls/],
    [new Uint8Array([0x1f, 0x8b, 0x08]), /gzip/],
  ])("refuses %#", (head, reason) => {
    let error: unknown;
    try {
      detectFormat(head, "data.csv");
    } catch (e) {
      error = e;
    }
    expect(QuarryError.is(error, "INVALID_FILE")).toBe(true);
    expect((error as Error).message).toMatch(reason);
  });
});
