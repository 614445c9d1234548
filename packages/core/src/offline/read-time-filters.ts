import { months } from "./name-lists.js";
import { type Reading, refBefore } from "./question-reading.js";
import type { Term } from "./question-terms.js";
import { type Filters, isYear, type Op } from "./read-filters.js";
import { type ColumnInfo, isTemporal } from "./table-schema.js";

/** Words joining the two ends of a range: `from 2012 to 2014`, `between 2013-06-01 and 2013-08-31`. */
const rangeStarts = new Set(["from", "between"]);
const rangeJoins = new Set(["to", "through", "until", "and", "thru"]);

/** The comparison a word before a year or date asks for: `since 2014` is `>=`, `in 2014` is `=`. */
function opAfter(prev: string): Op {
  if (prev === "since") return ">=";
  if (prev === "after") return ">";
  if (prev === "before" || prev === "until") return "<";
  return "=";
}

/**
 * The date column a question names just before a date: `closed in December` is about `Closed On`, not the
 * table's first date column.
 */
function dateColumnBefore(reading: Reading, at: number): ColumnInfo | undefined {
  const ref = refBefore(
    reading,
    at,
    3,
    (r) => (r.kind === "column" && r.mention.columns.some(isTemporal)) || (r.kind === "time" && !!r.column),
  );
  if (ref?.kind === "column") return ref.mention.columns.find(isTemporal);
  return ref?.kind === "time" ? ref.column : undefined;
}

/**
 * Reads years (`in 2015`, `since 2014`, `from 2012 to 2014`), months (`in March`, `March 2015`) and dates
 * (`on 2014-03-01`, `after 03/15/2022`, `between 2013-06-01 and 2013-08-31`) into time filters. Terms the
 * numeric comparisons used are skipped.
 */
export function readTimeFilters(reading: Reading, out: Filters): void {
  const { terms } = reading;
  const word = (i: number) => terms[i]?.word ?? "";
  for (let i = 0; i < terms.length; i++) {
    if (out.usedTerms.has(i)) continue;
    const t = terms[i] as Term;
    const to = terms[i + 2];
    const range = rangeStarts.has(word(i - 1)) && rangeJoins.has(word(i + 1));
    if (t.isoDate) {
      const column = dateColumnBefore(reading, i);
      if (range && to?.isoDate) {
        out.usedTerms
          .add(i)
          .add(i + 1)
          .add(i + 2);
        out.time.push({ part: "date", op: "between", value: t.isoDate, high: to.isoDate, column });
        i += 2;
        continue;
      }
      out.usedTerms.add(i);
      out.time.push({ part: "date", op: opAfter(word(i - 1)), value: t.isoDate, column });
      continue;
    }
    if (isYear(t) && t.number !== undefined) {
      // A year after its month is read with the month.
      if (months[word(i - 1)] !== undefined) continue;
      const column = dateColumnBefore(reading, i);
      out.usedTerms.add(i);
      if (range && isYear(to) && to?.number !== undefined) {
        out.usedTerms.add(i + 1).add(i + 2);
        out.time.push({ part: "year", op: "between", value: t.number, high: to.number, column });
        i += 2;
        continue;
      }
      out.time.push({ part: "year", op: opAfter(word(i - 1)), value: t.number, column });
      continue;
    }
    const month = months[t.word];
    if (month !== undefined && (t.word !== "may" || t.capital)) {
      const column = dateColumnBefore(reading, i);
      out.usedTerms.add(i);
      out.time.push({ part: "monthofyear", op: "=", value: month, column });
      const year = terms[i + 1];
      if (isYear(year) && year?.number !== undefined) {
        out.usedTerms.add(i + 1);
        out.time.push({ part: "year", op: "=", value: year.number, column });
      }
    }
  }
}
