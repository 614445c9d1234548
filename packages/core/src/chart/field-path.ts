/**
 * Vega-Lite reads a `field` as an access path: `a.b` is member `b` of `a`, `a[0]` an index, and a leading
 * quote opens a quoted name. Result columns are flat and may be called `a.b` or `Cost [USD]`, so a column
 * name is escaped before it becomes a field, and a field read back is split the way Vega splits it.
 */

/** Characters Vega's access-path parser gives a meaning to; a backslash makes the next one literal. */
const pathSyntax = /[\\.[\]'"]/g;

/**
 * A column name as a Vega-Lite `field` that names exactly that column.
 *
 * @example
 * ```ts
 * escapeField("Cost.Total [USD]"); // "Cost\\.Total \\[USD\\]"
 * ```
 */
export function escapeField(name: string): string {
  return name.replace(pathSyntax, "\\$&");
}

/**
 * The segments of a field's access path, as Vega splits it (`vega-util`'s `splitAccessPath`), or `null` when
 * the path is malformed (an unclosed bracket or quote). A flat column's field has exactly one segment.
 */
export function splitFieldPath(field: string): string[] | null {
  const path: string[] = [];
  const n = field.length;
  let quote: string | null = null;
  let bracket = 0;
  let pending = "";
  let i = 0;
  let j = 0;
  const push = () => {
    path.push(pending + field.substring(i, j));
    pending = "";
    i = j + 1;
  };
  for (; j < n; ++j) {
    const c = field[j];
    if (c === "\\") {
      pending += field.substring(i, j++);
      i = j;
    } else if (c === quote) {
      push();
      quote = null;
      bracket = -1;
    } else if (quote) {
      // Inside quotes every character is literal.
    } else if (i === bracket && (c === '"' || c === "'")) {
      i = j + 1;
      quote = c;
    } else if (c === "." && !bracket) {
      if (j > i) push();
      else i = j + 1;
    } else if (c === "[") {
      if (j > i) push();
      bracket = i = j + 1;
    } else if (c === "]") {
      if (!bracket) return null;
      if (bracket > 0) push();
      bracket = 0;
      i = j + 1;
    }
  }
  if (bracket || quote) return null;
  if (j > i) {
    j++;
    push();
  }
  return path;
}

/** The column a field names, or `null` when it is a nested path (or malformed) rather than one column. */
export function columnOfField(field: string): string | null {
  const path = splitFieldPath(field);
  return path?.length === 1 ? path[0]! : null;
}
