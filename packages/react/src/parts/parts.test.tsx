// @vitest-environment happy-dom
import type { TablePart as TablePartData } from "@quarry/core";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CitationsPart } from "./citations-part.js";
import { ErrorPart } from "./error-part.js";
import { SqlPart } from "./sql-part.js";
import { TablePart } from "./table-part.js";
import { TextPart } from "./text-part.js";
import { ToolTrace } from "./tool-trace.js";
import { UngroundedWarning } from "./ungrounded-warning.js";

afterEach(cleanup);

describe("TextPart", () => {
  it("renders Markdown once the parser has loaded, and plain text until then", async () => {
    const { container } = render(<TextPart text={"**Oslo** had the most rain.\n\n- May\n- June"} />);
    expect(container.textContent).toContain("Oslo");
    await waitFor(() => expect(container.querySelector("strong")?.textContent).toBe("Oslo"));
    expect(container.querySelectorAll("li")).toHaveLength(2);
  });

  it("shows raw HTML as text and never creates its elements", async () => {
    const attack = 'Look: <img src=x onerror="alert(1)"> and <script>alert(2)</script><b>bold</b>';
    const { container } = render(<TextPart text={attack} />);
    expect(container.querySelector("img")).toBeNull();
    await waitFor(() => expect(container.querySelector(".quarry-markdown-plain")).toBeNull());
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it("drops script links and shows Markdown images as their description", async () => {
    const { container } = render(
      <TextPart
        text={"[click](javascript:alert(1)) [docs](https://example.com) ![chart](https://evil.test/x.png)"}
      />,
    );
    await waitFor(() => expect(container.querySelector("a")).not.toBeNull());
    const links = [...container.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com"]);
    expect(links[0]?.getAttribute("rel")).toContain("noopener");
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("[image: chart]");
  });
});

describe("SqlPart", () => {
  it("shows the SQL in pre > code and copies it", async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const sql = "SELECT city, avg(temp_max) FROM weather GROUP BY city";
    const { container } = render(<SqlPart part={{ type: "sql", sql }} />);
    expect(container.querySelector("pre > code")?.textContent).toBe(sql);
    fireEvent.click(screen.getByRole("button", { name: "Copy SQL" }));
    expect(writeText).toHaveBeenCalledWith(sql);
    expect(await screen.findByText("Copied")).toBeTruthy();
  });
});

function table(rows: number): TablePartData {
  return {
    type: "table",
    columns: [
      { name: "id", type: "BIGINT" },
      { name: "city", type: "VARCHAR" },
    ],
    rows: Array.from({ length: rows }, (_, i) => [i, `city ${rows - i}`]),
    rowCount: rows,
    truncated: false,
  };
}

const bodyRows = (container: HTMLElement) =>
  [...container.querySelectorAll("tbody tr")].filter((tr) => !tr.classList.contains("quarry-spacer"));

describe("TablePart", () => {
  it("is a real table that sorts on header clicks and says how with aria-sort", () => {
    const part: TablePartData = {
      type: "table",
      columns: [
        { name: "city", type: "VARCHAR" },
        { name: "rain", type: "DOUBLE" },
      ],
      rows: [
        ["Oslo", 10],
        ["Bergen", 250.5],
        ["Paris", null],
        ["Rome", 9],
      ],
      rowCount: 4,
      truncated: false,
    };
    const { container } = render(<TablePart part={part} />);
    const rain = screen.getByRole("columnheader", { name: /rain/ });
    const firstColumn = () => bodyRows(container).map((tr) => tr.querySelector("td")?.textContent);
    expect(rain.getAttribute("aria-sort")).toBe("none");
    expect(firstColumn()).toEqual(["Oslo", "Bergen", "Paris", "Rome"]);

    fireEvent.click(within(rain).getByRole("button"));
    expect(rain.getAttribute("aria-sort")).toBe("ascending");
    expect(firstColumn()).toEqual(["Rome", "Oslo", "Bergen", "Paris"]);

    fireEvent.click(within(rain).getByRole("button"));
    expect(rain.getAttribute("aria-sort")).toBe("descending");
    // Empty cells stay last either way.
    expect(firstColumn()).toEqual(["Bergen", "Oslo", "Rome", "Paris"]);

    fireEvent.click(within(rain).getByRole("button"));
    expect(rain.getAttribute("aria-sort")).toBe("none");
    expect(firstColumn()).toEqual(["Oslo", "Bergen", "Paris", "Rome"]);
    expect(screen.getByText("4 rows")).toBeTruthy();
  });

  it("keeps only a window of 10,000 rows in the DOM, with spacers for the rest", () => {
    const { container } = render(<TablePart part={table(10_000)} />);
    const rows = bodyRows(container);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(container.querySelector("table")?.getAttribute("aria-rowcount")).toBe("10001");
    const spacer = container.querySelector<HTMLElement>("tr.quarry-spacer td");
    expect(Number.parseFloat(spacer?.style.height ?? "0")).toBeGreaterThan(100_000);
  });

  it("moves the window as the table scrolls", () => {
    // happy-dom does no layout: give the scroll box the height a browser would.
    const height = vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(320);
    try {
      const { container } = render(<TablePart part={table(10_000)} />);
      const region = screen.getByRole("region", { name: "Result" });
      expect(bodyRows(container)[0]?.querySelector("td")?.textContent).toBe("0");
      region.scrollTop = 5000 * 32;
      fireEvent.scroll(region);
      const ids = bodyRows(container).map((tr) => Number(tr.querySelector("td")?.textContent));
      expect(ids).toContain(5000);
      expect(ids).not.toContain(0);
      expect(ids.length).toBeLessThan(60);
      expect(bodyRows(container)[0]?.getAttribute("aria-rowindex")).toBe(String(ids[0]! + 2));
    } finally {
      height.mockRestore();
    }
  });

  it("sorts all 10,000 rows, not only the window", () => {
    const { container } = render(<TablePart part={table(10_000)} />);
    fireEvent.click(within(screen.getByRole("columnheader", { name: /city/ })).getByRole("button"));
    // "city 1" … numeric collation puts city 1, city 2, … first (the last rows of the original order).
    expect(bodyRows(container)[0]?.querySelectorAll("td")[1]?.textContent).toBe("city 1");
    expect(bodyRows(container)[1]?.querySelectorAll("td")[1]?.textContent).toBe("city 2");
  });

  it("says when rows were left out", () => {
    render(<TablePart part={{ ...table(3), rowCount: 5000, truncated: true }} />);
    expect(screen.getByText("Showing 3 of 5,000 rows")).toBeTruthy();
  });
});

describe("ToolTrace", () => {
  it("is collapsed in a details element", () => {
    const { container } = render(
      <ToolTrace
        parts={[
          { type: "tool", toolCallId: "t1", name: "list_tables", input: {}, output: [{ table: "weather" }] },
          { type: "tool", toolCallId: "t2", name: "run_sql", input: { sql: "SELECT 1" }, isError: true },
        ]}
      />,
    );
    const details = container.querySelector("details");
    expect(details?.open).toBe(false);
    expect(details?.querySelector("summary")?.textContent).toBe("How this was answered (2 steps)");
    expect(details?.textContent).toContain("run_sql");
    expect(details?.textContent).toContain("failed");
  });
});

describe("CitationsPart", () => {
  it("lists the file, page and quoted passage", () => {
    render(
      <CitationsPart
        part={{
          type: "citations",
          citations: [{ fileName: "report.pdf", page: 3, content: "Rain rose by 12%." }],
        }}
      />,
    );
    expect(screen.getByRole("region", { name: "Sources" })).toBeTruthy();
    expect(screen.getByText("report.pdf, page 3")).toBeTruthy();
    expect(screen.getByText("Rain rose by 12%.").tagName).toBe("BLOCKQUOTE");
  });

  it("shows each citation's file and page, and its passage once expanded", () => {
    const { container } = render(
      <CitationsPart
        part={{
          type: "citations",
          citations: [
            { fileName: "report.pdf", page: 2, content: "Refunds are accepted within 30 days." },
            { fileName: "notes.md", page: null, content: "Ask the desk." },
          ],
        }}
      />,
    );
    const entries = [...container.querySelectorAll("details.quarry-citation")] as HTMLDetailsElement[];
    expect(entries.map((d) => d.querySelector("summary")?.textContent)).toEqual([
      "report.pdf, page 2",
      "notes.md",
    ]);
    // Closed at first: a list of sources to scan; each passage is one click (or Enter) away.
    expect(entries.map((d) => d.open)).toEqual([false, false]);
    expect(entries[0]?.querySelector("blockquote")?.textContent).toBe("Refunds are accepted within 30 days.");
    fireEvent.click(entries[0]!.querySelector("summary")!);
    expect(entries.map((d) => d.open)).toEqual([true, false]);
  });
});

describe("ErrorPart and UngroundedWarning", () => {
  it("shows the error message and code", () => {
    render(
      <ErrorPart part={{ type: "error", code: "QUERY_TIMEOUT", message: "The query took too long." }} />,
    );
    expect(screen.getByText("The query took too long.")).toBeTruthy();
    expect(screen.getByText("QUERY_TIMEOUT")).toBeTruthy();
  });

  it("lists the unsupported numbers", () => {
    render(<UngroundedWarning numbers={["42", "17%"]} />);
    expect(screen.getByRole("note").textContent).toContain("42, 17%");
  });
});
