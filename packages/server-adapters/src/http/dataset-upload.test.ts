import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApi, type TestApi } from "./http-test-kit.js";
import { dataFile, formOf, newSession, storedState, streamedFormOf } from "./upload-test-files.js";

let api: TestApi;
let small: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  small = await startTestApi({ handler: { limits: { uploadBytes: 20_000 } } });
});
afterAll(async () => {
  await api.close();
  await small.close();
});

/** Uploads as alice into a new session; the status, error code and whether anything was stored. */
async function refused(target: TestApi, init: RequestInit) {
  const sessionId = await newSession(target, "alice");
  const before = await storedState(target);
  const response = await target.call("alice", `/sessions/${sessionId}/datasets`, init);
  const body = await response.json();
  const unchanged = JSON.stringify(await storedState(target)) === JSON.stringify(before);
  return { status: response.status, code: body.error?.code as string | undefined, unchanged };
}

const text = (content: string, name: string) => new File([content], name);
/** The start of a Windows executable: binary, with NUL bytes. */
const exe = (name: string) =>
  new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff])], name);

describe("uploading datasets: bad input", () => {
  it("answers 413 past the upload limit, whether the size is declared or streamed, and stores nothing", async () => {
    // 48 KB against a 20 KB limit; fetch declares the length of a FormData body.
    const declared = await refused(small, formOf(await dataFile("seattle-weather.csv")));
    expect(declared).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", unchanged: true });
    const fits = await refused(small, formOf(await dataFile("stocks.csv")));
    expect(fits.status).toBe(201);

    // Streamed without a length: refused once 20 KB have arrived, before the body ends.
    const streamed = await refused(
      small,
      streamedFormOf(await dataFile("stocks.csv"), await dataFile("seattle-weather.csv")),
    );
    expect(streamed).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", unchanged: true });
    expect(await small.quarry.blobs.list("tenants/")).toHaveLength(1);
  });

  it("answers 413 before an endless upload ends, without reading it all", async () => {
    const sessionId = await newSession(small, "alice");
    const encoder = new TextEncoder();
    const end = 500 * 1024 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(
            '--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\na,b\n',
          ),
        );
      },
      pull(controller) {
        if (sent >= end) return controller.close();
        const chunk = encoder.encode("1,2\n".repeat(16_384));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await small.call("alice", `/sessions/${sessionId}/datasets`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(end);
    expect(await small.quarry.blobs.list("tenants/")).toHaveLength(1);
  });

  it("answers 415 to files that are not data files, checked before any file is ingested", async () => {
    expect(await refused(api, formOf(exe("setup.exe")))).toEqual({
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      unchanged: true,
    });
    // Text under a foreign extension, and binary under a data extension.
    expect((await refused(api, formOf(text("a,b\n1,2\n", "notes.exe")))).status).toBe(415);
    expect((await refused(api, formOf(exe("data.csv")))).status).toBe(415);
    expect(
      (await refused(api, formOf(new File([new Uint8Array([0x1f, 0x8b, 8, 0])], "data.csv.gz")))).status,
    ).toBe(415);
    const mixed = await refused(api, formOf(await dataFile("stocks.csv"), exe("virus.exe")));
    expect(mixed).toEqual({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE", unchanged: true });
  });

  it("answers 422 to an empty or broken file and rolls back the files of the request already stored", async () => {
    expect(await refused(api, formOf(text("", "empty.csv")))).toEqual({
      status: 422,
      code: "INVALID_FILE",
      unchanged: true,
    });
    expect((await refused(api, formOf(text("  \n\n", "blank.csv")))).status).toBe(422);
    expect((await refused(api, formOf(text('[{"a": 1}, {"a": ', "broken.json")))).status).toBe(422);
    // The first file is ingested and stored before the second fails; it must not survive.
    const partly = await refused(api, formOf(await dataFile("stocks.csv"), text("", "empty.csv")));
    expect(partly).toEqual({ status: 422, code: "INVALID_FILE", unchanged: true });
  });

  it("names the failing file in the error", async () => {
    const sessionId = await newSession(api, "alice");
    const response = await api.call(
      "alice",
      `/sessions/${sessionId}/datasets`,
      formOf(await dataFile("stocks.csv"), text("", "second.csv")),
    );
    expect((await response.json()).error.message).toMatch(/^"second\.csv": /);
  });

  it("answers 415 to a body that is not multipart and 400 without a file field", async () => {
    expect(await refused(api, json({ file: "a,b\n1,2" }))).toEqual({
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      unchanged: true,
    });
    expect((await refused(api, { method: "POST", body: "a,b\n1,2\n" })).status).toBe(415);

    const none = await refused(api, { method: "POST", body: new FormData() });
    expect(none).toEqual({ status: 400, code: "INVALID_INPUT", unchanged: true });
    const other = new FormData();
    other.append("upload", await dataFile("stocks.csv"));
    expect(await refused(api, { method: "POST", body: other })).toEqual({
      status: 400,
      code: "INVALID_INPUT",
      unchanged: true,
    });
    const textField = new FormData();
    textField.append("file", "a,b\n1,2\n");
    expect((await refused(api, { method: "POST", body: textField })).status).toBe(400);
    const truncated = await refused(api, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,2',
    });
    expect(truncated).toEqual({ status: 400, code: "INVALID_INPUT", unchanged: true });
  });

  it("answers 404 for a session that does not exist", async () => {
    const response = await api.call("alice", "/sessions/nope/datasets", formOf(await dataFile("stocks.csv")));
    expect(response.status).toBe(404);
  });
});
