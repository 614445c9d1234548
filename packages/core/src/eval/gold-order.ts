const wordPattern = /[A-Za-z_][A-Za-z0-9_$]*/y;

/**
 * Whether a gold query's rows come in a defined order: its outermost query has `ORDER BY`. An `ORDER BY`
 * inside parentheses (a subquery, a CTE, a window's `OVER (…)`, an aggregate's `string_agg(x ORDER BY x)`),
 * inside a string or quoted name, or in a comment does not count.
 *
 * @example
 * ```ts
 * goldIsOrdered("SELECT year, sum(x) FROM t GROUP BY 1 ORDER BY 1"); // true
 * goldIsOrdered("SELECT rank() OVER (ORDER BY x) FROM t"); // false
 * ```
 */
export function goldIsOrdered(sql: string): boolean {
  let depth = 0;
  let previousWord = "";
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    if (char === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (char === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (char === "'" || char === '"') {
      i = quotedEnd(sql, i, char);
      previousWord = "";
    } else if (char === "(") {
      depth++;
      i++;
      previousWord = "";
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
      i++;
      previousWord = "";
    } else if (/[A-Za-z_]/.test(char)) {
      wordPattern.lastIndex = i;
      const word = wordPattern.exec(sql)![0].toLowerCase();
      if (depth === 0 && previousWord === "order" && word === "by") return true;
      previousWord = word;
      i += word.length;
    } else {
      if (!/\s/.test(char)) previousWord = "";
      i++;
    }
  }
  return false;
}

/** The index after a quoted string or name that starts at `start`; a doubled quote inside escapes it. */
function quotedEnd(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}
