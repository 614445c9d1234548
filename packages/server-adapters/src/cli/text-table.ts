import type { Json } from "@quarry/core";

/** A cell as one line of text: JSON for structures, `NULL` for null, cut to `width` characters. */
export function cellText(value: Json, width = 40): string {
  const text =
    value === null
      ? "NULL"
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value).replace(/\s+/g, " ");
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Rows as an aligned plain-text table with a header rule; numbers align right. */
export function textTable(header: readonly string[], rows: readonly (readonly Json[])[]): string {
  const cells = rows.map((row) => row.map((value) => cellText(value)));
  const widths = header.map((h, i) =>
    Math.max(cellText(h).length, ...cells.map((row) => row[i]?.length ?? 0)),
  );
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((row) => row[i] === null || typeof row[i] === "number"),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [
    line(header.map((h) => cellText(h))),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...cells.map(line),
  ].join("\n");
}
