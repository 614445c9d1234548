import { describe, expect, it, vi } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createChatClient } from "./chat-client.js";
import { FakeTransport, gate } from "./client-fixtures.js";

const weather = () =>
  new File(
    [
      [
        "date,rain",
        ...Array.from({ length: 70 }, (_, i) => `2012-01-${String((i % 28) + 1).padStart(2, "0")},${i}`),
      ].join("\n"),
    ],
    "weather.csv",
  );

async function started(options: { previewFiles?: boolean } = {}) {
  const transport = new FakeTransport();
  const client = createChatClient({ transport, storage: null, ...options });
  await client.ready;
  return { transport, client };
}

describe("the chat client's upload previews", () => {
  it("shows a file's first rows while it uploads, then the server's rows once it is stored", async () => {
    const { transport, client } = await started();
    // A slow server: the upload stays pending until the test lets it go.
    const held = gate();
    transport.uploadHolds.push(held.promise);
    const uploading = client.upload([weather()]);

    await until(() => client.getState().uploads[0]?.preview !== undefined);
    const mid = client.getState().uploads[0]!;
    expect(mid.state).toBe("uploading");
    expect(mid.preview).toMatchObject({
      source: "file",
      rowCount: null,
      truncated: true,
      columns: [
        { name: "date", type: "VARCHAR" },
        { name: "rain", type: "DOUBLE" },
      ],
    });
    expect(mid.preview?.rows).toHaveLength(50);
    expect(mid.preview?.rows[0]).toEqual(["2012-01-01", "0"]);

    held.open();
    await uploading;
    expect(client.getState().uploads[0]).toMatchObject({
      state: "done",
      preview: {
        source: "server",
        columns: [{ name: "x", type: "BIGINT" }],
        rows: [[1]],
        rowCount: 1,
        truncated: false,
      },
    });
  });

  it("keeps the server's rows when the file's come later, and shows none for a failed upload", async () => {
    const { transport, client } = await started();
    // The server answers before the page has parsed anything.
    await client.upload([weather()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getState().uploads[0]?.preview?.source).toBe("server");

    const held = gate();
    transport.uploadHolds.push(held.promise);
    transport.failNext("uploadFiles", new QuarryError("INVALID_FILE", "Broken."));
    await client.upload([weather()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getState().uploads[0]).toMatchObject({ state: "failed" });
    expect(client.getState().uploads[0]?.preview).toBeUndefined();
  });

  it("uploads files it cannot preview as before: Excel, binary data, broken CSV", async () => {
    const { transport, client } = await started();
    const held = gate();
    transport.uploadHolds.push(held.promise);
    const files = [
      new File([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])], "book.xlsx"),
      new File([new Uint8Array([0, 159, 146, 150, 0])], "noise.csv"),
      new File(['a,b\n"1,2\n3'], "broken.csv"),
    ];
    const uploading = client.upload(files);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mid = client.getState().uploads;
    expect(mid.map((u) => [u.state, u.preview?.source])).toEqual([
      ["uploading", undefined],
      ["uploading", undefined],
      ["uploading", "file"],
    ]);
    held.open();
    await uploading;
    expect(client.getState().uploads.map((u) => u.state)).toEqual(["done", "done", "done"]);
    expect(client.getState().error).toBeNull();
  });

  it("reads nothing in the page when previews are turned off", async () => {
    const { transport, client } = await started({ previewFiles: false });
    const held = gate();
    transport.uploadHolds.push(held.promise);
    const file = weather();
    const slice = vi.spyOn(file, "slice");
    const uploading = client.upload([file]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getState().uploads[0]?.preview).toBeUndefined();
    held.open();
    await uploading;
    expect(slice).not.toHaveBeenCalled();
    expect(client.getState().uploads[0]?.preview?.source).toBe("server");
  });
});

/** Waits (a few event-loop turns at a time) until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("until: timed out");
}
