// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChartPart } from "./chart-part.js";
import { TablePart } from "./table-part.js";

// The module boundary: vega-embed and vega-interpreter as the widget imports them, counted when loaded.
const vega = vi.hoisted(() => ({
  loads: 0,
  embed: vi.fn(async (element: HTMLElement, _spec: unknown, _options: unknown) => {
    element.innerHTML = "<svg data-chart></svg>";
    return { finalize: vi.fn() };
  }),
  interpreter: { operator: () => 0 },
}));
vi.mock("vega-embed", () => {
  vega.loads++;
  return { default: vega.embed };
});
vi.mock("vega-interpreter", () => ({ expressionInterpreter: vega.interpreter }));

afterEach(cleanup);

const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: {
    values: [
      { city: "Oslo", rain: 10 },
      { city: "Bergen", rain: 250 },
    ],
  },
  mark: "bar",
  encoding: { x: { field: "city", type: "nominal" }, y: { field: "rain", type: "quantitative" } },
  usermeta: { embedOptions: { ast: false } },
};

describe("ChartPart", () => {
  it("loads vega-embed only once a chart is shown, and draws without compiling expressions", async () => {
    render(
      <TablePart
        part={{
          type: "table",
          columns: [{ name: "a", type: "BIGINT" }],
          rows: [[1]],
          rowCount: 1,
          truncated: false,
        }}
      />,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(vega.loads).toBe(0);

    const { container } = render(<ChartPart part={{ type: "chart", spec, title: "Rain by city" }} />);
    expect(screen.getByText("Drawing the chart…")).toBeTruthy();
    await waitFor(() => expect(container.querySelector("svg[data-chart]")).not.toBeNull());
    expect(vega.loads).toBe(1);
    const [, drawnSpec, options] = vega.embed.mock.calls[0]!;
    expect(options).toMatchObject({ mode: "vega-lite", ast: true, expr: vega.interpreter, actions: false });
    // A spec cannot bring its own embed options (usermeta) to switch the interpreter off.
    expect(drawnSpec).not.toHaveProperty("usermeta");
    // The drawing lands before React hides the placeholder, so wait for that too.
    await waitFor(() => expect(screen.queryByText("Drawing the chart…")).toBeNull());
    expect(screen.getByRole("img", { name: "Rain by city" })).toBeTruthy();
  });

  it("falls back to a table of the chart's data when the chart cannot be drawn", async () => {
    vega.embed.mockRejectedValueOnce(new Error("Invalid spec"));
    render(<ChartPart part={{ type: "chart", spec }} />);
    expect(await screen.findByText(/could not be drawn/)).toBeTruthy();
    const table = screen.getByRole("table");
    expect(table.textContent).toContain("Bergen");
    expect(table.textContent).toContain("250");
  });
});
