// @vitest-environment happy-dom
import type { SessionDocuments, UploadState } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { QuarryChat } from "./quarry-chat.js";
import { fakeChatClient } from "./testing/fake-chat-client.js";

afterEach(cleanup);

const documents: SessionDocuments = {
  ready: false,
  files: [
    { documentId: "d1", fileName: "handbook.pdf", status: "processed", chunks: 12, pages: 3 },
    { documentId: "d2", fileName: "notes.md", status: "processed", chunks: 1, pages: null },
    {
      documentId: "d3",
      fileName: "scan.pdf",
      status: "failed",
      chunks: 0,
      pages: null,
      error: "no text layer",
    },
    { documentId: "d4", fileName: "policy.pdf", status: "processing", chunks: 0, pages: null },
  ],
};

const upload = (patch: Partial<UploadState>): UploadState => ({
  id: "u1",
  fileName: "annual-report.pdf",
  kind: "document",
  loaded: 0,
  total: 1000,
  state: "uploading",
  ...patch,
});

describe("the documents list", () => {
  it("lists each document with its status in words, and sums them up", () => {
    render(<QuarryChat client={fakeChatClient({ documents })} />);
    const section = screen.getByRole("region", { name: "Documents" });
    const items = within(section).getAllByRole("listitem");
    expect(items.map((li) => li.textContent?.replace("✕", ""))).toEqual([
      "handbook.pdf3 pages · 12 passages",
      "notes.md1 passage",
      "scan.pdfFailed: no text layer",
      "policy.pdfReading…",
    ]);
    // The spinner is decoration; the words carry the status.
    expect(items[3]?.querySelector(".quarry-spinner")?.getAttribute("aria-hidden")).toBe("true");
    expect(within(section).getByRole("status").textContent).toBe("Reading the documents…");
  });

  it("names each remove button after its file and removes that document", () => {
    const client = fakeChatClient({ documents });
    render(<QuarryChat client={client} />);
    const remove = screen.getByRole("button", { name: "Remove scan.pdf" });
    fireEvent.click(remove);
    expect(client.removeDocument).toHaveBeenCalledWith("d3");
    expect(screen.getAllByRole("button", { name: /^Remove / })).toHaveLength(4);
  });

  it("says when some could not be read, and when all are ready", () => {
    const client = fakeChatClient({ documents: { ready: false, files: documents.files.slice(0, 3) } });
    render(<QuarryChat client={client} />);
    expect(screen.getByRole("status").textContent).toBe(
      "1 could not be read; remove them or upload them again",
    );
    act(() => client.set({ documents: { ready: true, files: documents.files.slice(0, 2) } }));
    expect(screen.getByRole("status").textContent).toBe("Ready: ask about them");
  });

  it("shows a document going up with its progress, then as being read; datasets stay in the uploads", () => {
    const client = fakeChatClient({
      uploads: [
        upload({ loaded: 250 }),
        upload({ id: "u2", fileName: "sales.csv", kind: "dataset", loaded: 10, total: 100 }),
      ],
    });
    render(<QuarryChat client={client} />);
    const section = screen.getByRole("region", { name: "Documents" });
    const bar = within(section).getByRole("progressbar", { name: "Uploading annual-report.pdf" });
    expect(bar.getAttribute("value")).toBe("25");
    expect(within(screen.getByRole("region", { name: "Uploads" })).getByText("sales.csv")).toBeTruthy();
    expect(
      within(screen.getByRole("region", { name: "Uploads" })).queryByText("annual-report.pdf"),
    ).toBeNull();

    act(() => client.set({ uploads: [upload({ loaded: 1000 })] }));
    expect(within(section).getByText("Reading…")).toBeTruthy();
    expect(within(section).queryByRole("progressbar")).toBeNull();

    // A document upload that failed outright has no stored file: the uploads list says why.
    act(() => client.set({ uploads: [upload({ state: "failed", error: "The upload is too large." })] }));
    expect(screen.queryByRole("region", { name: "Documents" })).toBeNull();
    expect(screen.getByText("Failed: The upload is too large.")).toBeTruthy();
  });

  it("takes its words from the strings", () => {
    render(
      <QuarryChat
        client={fakeChatClient({ documents })}
        strings={{
          documents: "Dokumente",
          removeDocument: "{fileName} entfernen",
          documentProcessing: "Liest…",
        }}
      />,
    );
    const section = screen.getByRole("region", { name: "Dokumente" });
    expect(within(section).getByRole("button", { name: "handbook.pdf entfernen" })).toBeTruthy();
    expect(within(section).getByText("Liest…")).toBeTruthy();
  });
});
