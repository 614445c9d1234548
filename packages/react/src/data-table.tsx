import type { Json, ResultColumn } from "@quarry/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { formatValue, isNumericType } from "./format-value.js";
import { ScrollRegion } from "./scroll-region.js";
import { nextSort, type SortState, sortedRowOrder } from "./sort-rows.js";
import { useStrings } from "./widget-context.js";

/** Props of {@link DataTable}. */
export interface DataTableProps {
  columns: readonly ResultColumn[];
  rows: readonly (readonly Json[])[];
  /** Names the table for assistive technology. */
  label: string;
}

/** Past this many rows only the visible window is in the DOM; below it every row is (simpler, printable). */
const virtualizeAbove = 100;
const rowHeight = 32;
/** Rows shown before the scroll box is measured: about one box-full. */
const unmeasuredRows = 12;

/**
 * A real `<table>` whose headers sort it (`aria-sort` says how) and whose body renders only the rows in view
 * once it is long: spacer rows above and below keep the scroll height, so 10,000 rows scroll smoothly.
 */
export function DataTable({ columns, rows, label }: DataTableProps) {
  const strings = useStrings();
  const [sort, setSort] = useState<SortState | null>(null);
  const order = useMemo(() => sortedRowOrder(rows, sort), [rows, sort]);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  const numeric = useMemo(() => columns.map((column) => isNumericType(column.type)), [columns]);
  // A result may name two columns alike (`SELECT a.id, b.id`): keys by position.
  const keys = useMemo(() => columns.map((column, c) => `${c}:${column.name}`), [columns]);
  const scrollRef = useRef<HTMLElement>(null);
  const virtual = rows.length > virtualizeAbove;

  const virtualizer = useVirtualizer({
    count: virtual ? order.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const renderRow = (position: number): ReactNode => {
    const index = order[position]!;
    const row = rows[index] ?? [];
    return (
      <tr key={index} aria-rowindex={position + 2}>
        {keys.map((key, c) => {
          const text = formatValue(row[c], strings.nullValue);
          const isNull = row[c] === null || row[c] === undefined;
          return (
            <td
              key={key}
              title={text.length > 40 ? text : undefined}
              className={
                [numeric[c] ? "quarry-num" : "", isNull ? "quarry-null" : ""].join(" ").trim() || undefined
              }
            >
              {text}
            </td>
          );
        })}
      </tr>
    );
  };

  let body: ReactNode;
  if (virtual) {
    // Until the scroll box has a height (not laid out yet, or inside something closed), the virtualizer
    // has no window; the first rows stand in so the table is never blank.
    const measured = virtualizer.getVirtualItems();
    const items =
      measured.length > 0
        ? measured.map((item) => ({ index: item.index, start: item.start, end: item.end }))
        : Array.from({ length: Math.min(unmeasuredRows, order.length) }, (_, index) => ({
            index,
            start: index * rowHeight,
            end: (index + 1) * rowHeight,
          }));
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
    body = (
      <>
        {top > 0 && <Spacer height={top} span={columns.length} />}
        {items.map((item) => renderRow(item.index))}
        {bottom > 0 && <Spacer height={bottom} span={columns.length} />}
      </>
    );
  } else {
    body = order.map((_, position) => renderRow(position));
  }

  return (
    <ScrollRegion ref={scrollRef} className="quarry-table-scroll" label={label}>
      <table className="quarry-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          {widths.map((width, c) => (
            <col key={keys[c]} style={{ width: `${width}ch` }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column, c) => {
              const direction = sort?.column === c ? sort.direction : undefined;
              return (
                <th key={keys[c]} scope="col" aria-sort={direction ?? "none"}>
                  <button
                    type="button"
                    className="quarry-sort"
                    onClick={() => setSort((current) => nextSort(current, c))}
                  >
                    {column.name}
                    <span aria-hidden="true" className="quarry-sort-mark">
                      {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </ScrollRegion>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds no content and is never focused.
    <tr aria-hidden="true" className="quarry-spacer">
      <td colSpan={span} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}

/**
 * Column widths in characters from the header and the first rows, fixed so that columns do not jump as
 * different rows scroll into view.
 */
function columnWidths(columns: readonly ResultColumn[], rows: readonly (readonly Json[])[]): number[] {
  const sample = rows.slice(0, 200);
  return columns.map((column, c) => {
    let longest = column.name.length + 3;
    for (const row of sample) longest = Math.max(longest, formatValue(row[c], "null").length);
    return Math.min(Math.max(longest + 2, 6), 40);
  });
}
