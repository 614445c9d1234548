import type { TimeUnit } from "./lexicon.js";
import type { ColumnInfo } from "./table-schema.js";

const dayMs = 86_400_000;

/**
 * The time bucket for "over time" on a date column: the one that gives a readable trend, about a dozen to a
 * hundred-odd points, from the column's profiled range. Ten years or more go by year, two or more by calendar
 * month, four months or more by week, a few days or more by day, less by hour. Without a usable range:
 * calendar months.
 */
export function unitForSpan(column: Pick<ColumnInfo, "min" | "max">): TimeUnit {
  const from = Date.parse(String(column.min ?? ""));
  const to = Date.parse(String(column.max ?? ""));
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return "month";
  const days = (to - from) / dayMs;
  if (days >= 3_650) return "year";
  if (days >= 730) return "month";
  if (days >= 120) return "week";
  if (days >= 3) return "day";
  return "hour";
}
