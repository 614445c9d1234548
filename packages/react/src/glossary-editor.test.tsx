// @vitest-environment happy-dom
import { createChatClient } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTransport } from "../../core/src/client/client-fixtures.js";
import { QuarryChat } from "./quarry-chat.js";

afterEach(cleanup);

const rainfall = { term: "rainfall", meaning: "Precipitation in mm, summed", sql: "sum(x)" };

async function withGlossary() {
  const transport = new FakeTransport();
  const client = createChatClient({ transport, storage: null });
  render(<QuarryChat client={client} />);
  await act(() => client.ready);
  await act(() => client.upload([new File(["x\n1\n"], "weather.csv")]));
  const datasetId = client.getState().datasets[0]!.id;
  await act(() => client.saveGlossary(datasetId, [rainfall]));
  const editor = document.querySelector<HTMLDetailsElement>("details.quarry-glossary")!;
  editor.open = true;
  const form = within(editor).getByRole("form", { name: "Glossary" });
  return { transport, client, datasetId, form };
}

describe("the glossary editor", () => {
  it("shows the entries, adds and removes rows, and saves them", async () => {
    const { transport, datasetId, form } = await withGlossary();
    const terms = () => within(form).getAllByRole<HTMLInputElement>("textbox", { name: "Term" });
    expect(terms().map((input) => input.value)).toEqual(["rainfall"]);
    expect(
      within(form).getByRole<HTMLInputElement>("textbox", { name: "SQL expression (optional)" }).value,
    ).toBe("sum(x)");

    fireEvent.click(within(form).getByRole("button", { name: "Add term" }));
    fireEvent.click(within(form).getByRole("button", { name: "Add term" }));
    expect(
      within(form)
        .getAllByRole("group")
        .map((g) => g.querySelector("legend")?.textContent),
    ).toEqual(["Term 1", "Term 2", "Term 3"]);
    fireEvent.change(terms()[1]!, { target: { value: " wet day " } });
    fireEvent.change(within(form).getAllByRole("textbox", { name: "Meaning" })[1]!, {
      target: { value: "A day with rain" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Remove term 1" }));
    // The empty third row is left out; a row without SQL has none.
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(form).getByRole("status").textContent).toBe("Saved"));
    expect(transport.calls.filter((c) => c === "putGlossary")).toHaveLength(2);
    expect([...transport.datasets.values()].flat().find((d) => d.id === datasetId)?.glossary).toEqual([
      { term: "wet day", meaning: "A day with rain" },
    ]);
    expect(terms().map((input) => input.value)).toEqual(["wet day"]);
  });

  it("shows the server's reason beside the entries when it refuses them, and keeps the edits", async () => {
    const { client, form } = await withGlossary();
    fireEvent.click(within(form).getByRole("button", { name: "Add term" }));
    fireEvent.change(within(form).getAllByRole("textbox", { name: "Term" })[1]!, {
      target: { value: "Rainfall" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));

    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toBe('The glossary was not saved: Glossary term "rainfall" is listed twice.');
    expect(form.getAttribute("aria-describedby")).toBe(alert.id);
    // Shown here only: the banner above the conversation stays empty.
    expect(document.querySelector(".quarry-error-banner")).toBeNull();
    expect(client.getState().error).toMatchObject({ action: "glossary", code: "INVALID_INPUT" });
    expect(within(form).getAllByRole<HTMLInputElement>("textbox", { name: "Term" })[1]!.value).toBe(
      "Rainfall",
    );

    fireEvent.change(within(form).getAllByRole("textbox", { name: "Term" })[1]!, {
      target: { value: "rain days" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(form).queryByRole("alert")).toBeNull());
    expect(client.getState().datasets[0]?.glossary.map((e) => e.term)).toEqual(["rainfall", "rain days"]);
  });
});
