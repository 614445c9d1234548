import { escapeRegExp } from "./reg-exp.js";

/**
 * The intent gate: a request to change stored data ("delete the 2012 rows", "set the price of product 7 to
 * 12") is declined with an explanation before any model call or SQL. Quarry only ever reads; the guard would
 * refuse such SQL anyway, but a model asked to delete rows may answer with a plausible-looking SELECT and
 * leave the user believing it worked.
 *
 * It reads requests, not keywords. A verb of change counts only where the message asks for it: at the start
 * of a sentence ("Delete …"), after a request frame ("can you", "I want to", "let's", "how do I"), or
 * starting a clause joined by "and"/"then" when an object follows ("… and delete the 2012 rows"). So
 * questions about changes ("which orders were deleted?", "how many updates", "the change in sales") pass:
 * the verb is a noun or a participle there. Hypotheticals ("what if we remove 2012?") pass, and so do
 * requests about the answer itself ("remove outliers from the chart", "update the chart to months", "fix
 * the query"). Softer verbs (remove, drop, change, set, add, replace, fix, …) need evidence that stored data
 * is the target: rows, records, a table, a column, a table of the session by name, or an assignment to a
 * specific record ("of product 7 to 12", "to 'New York'", "mark … as shipped"). "Remove duplicates" and
 * "add a column for margin" therefore pass as analysis requests; "remove the 2012 rows from the table" does
 * not. SQL statements that write (DELETE, UPDATE … SET, INSERT, DROP, ALTER, CREATE, TRUNCATE, …) typed in
 * are declined too.
 */

/** What the gate read in a message. */
export interface IntentVerdict {
  /** True when the message asks to change stored data. */
  changesData: boolean;
  /** The verb, or the statement's first keyword, that asked: `delete`, `update`, `drop`, … */
  action?: string;
  /** A SQL statement typed in, or a request in words. */
  via?: "sql" | "request";
  /** The clause that asked for the change. */
  clause?: string;
  /** A read-only question showing what the change would touch ("Show the 2012 rows"), when one reads well. */
  suggestion?: string;
}

/** Options of {@link detectDataChange}. */
export interface IntentGateOptions {
  /** The session's table names: naming one after a softer verb ("remove 2012 from sales") is a data target. */
  tables?: readonly string[];
}

type Strength = "hard" | "soft";

/** Verbs of change. Hard ones are storage verbs whatever follows; soft ones also have analytic uses. */
const verbs: Record<string, Strength> = {
  delete: "hard",
  truncate: "hard",
  insert: "hard",
  update: "hard",
  overwrite: "hard",
  erase: "hard",
  wipe: "hard",
  purge: "hard",
  rename: "hard",
  alter: "hard",
  destroy: "hard",
  remove: "soft",
  drop: "soft",
  change: "soft",
  set: "soft",
  add: "soft",
  replace: "soft",
  fix: "soft",
  correct: "soft",
  edit: "soft",
  modify: "soft",
  clear: "soft",
  mark: "soft",
  flag: "soft",
  save: "soft",
  create: "soft",
  reset: "soft",
  append: "soft",
  write: "soft",
  store: "soft",
  move: "soft",
};

/** Words after a verb that make it a noun ("update frequency", "drop in sales") or not a request ("add up"). */
const notAnObject = new Set(
  (
    "in of over between per by from for rate rates frequency frequencies count counts date dates time times " +
    "history log logs event events type types status off up me us to on about is was are were has have had " +
    "percent percentage size sizes trend trends"
  ).split(" "),
);

const determiners = new Set(
  "the all every any some those these them it this that each both my our their".split(" "),
);

/** Leading words that change nothing ("please", "ok so"). */
const fillers =
  /^(?:(?:please|pls|kindly|now|ok|okay|so|then|just|also|and|but|hey|hi|right|quickly|simply|go ahead and)\b[\s,]*)*/;

/** Phrases that turn the next verb into a request. */
const requestFrame = new RegExp(
  `^(?:${[
    "(?:can|could|would|will|won't|wont) (?:you|we|u)",
    "(?:can|could|may|should|shall) i",
    "i (?:want|need|wish|would like|would love|'d like|d like)(?: you)? to",
    "i'd like(?: you)? to",
    "we (?:want|need|should|must|have) to",
    "(?:i|we) (?:need|want) you to",
    "let's",
    "lets",
    "let us",
    "help me",
    "you (?:should|must|need to|have to)",
    "try to",
    "is it possible to",
    "how (?:do|can|could|should) (?:i|we|you)",
    "how to",
  ].join("|")})\\s+(?:please\\s+)?`,
);

const hypothetical =
  /\b(?:what if|if (?:i|we|you|they)|suppose|supposing|imagine|assuming|hypothetically|what would)\b/;

/** Targets that are the answer, not the data ("from the chart", "the query"). */
const presentation =
  /\b(?:chart|charts|graph|graphs|plot|plots|axis|axes|legend|colou?rs?|title|titles|labels?|answers?|results?|output|query|queries|sql|visuali[sz]ations?|summary|decimals?|digits|rounding|format|formatting|filters?|sorting|currency|units?|language|time ?zone|fiscal|explanation|response|wording|pie|scale|theme|breakdown|grouping)\b/;
/** The object itself is the answer ("a chart of sales", "the SQL query", "the chart title"). */
const presentationHead = new RegExp(
  `^(?:(?:a|an|the|this|that|my|your|new)\\s+)*(?:[a-z]+\\s+)?${presentation.source}`,
);
const presentationTarget = new RegExp(
  `\\b(?:from|in|on|of|to)\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+|your\\s+)?${presentation.source}`,
);

/** Targets that are stored data. `table of …`/`table showing …` is a result table, not a stored one. */
const dataTarget =
  /\b(?:rows?|records?|entr(?:y|ies)|tables?(?!\s+(?:of|showing|by|with the|listing|summari[sz]ing|comparing)\b)|datasets?|data|database|db|files?|sheets?|spreadsheet|columns?|fields?|cells?|values?|everything|permanently|for good)\b/;
/** Verbs that make a computed column of a result ("add a column for margin"), which is a read. */
const computeVerbs = new Set(["add", "create"]);
const schemaWords = /^(?:columns?|fields?)$/;

/** Assignments to a specific record or literal value: "of product 7 to 12", "to 'New York'", "as shipped". */
const recordRef = /\b(?:of|for)\s+(?:the\s+)?[a-z]+\s+(?:#|no\.?\s*|number\s+|id\s+)?\d+\b/;
const assignment =
  /(?:\bto\s+['"]|=|\bwith\s+(?:['"]|null\b|zeros?\b|blanks?\b)|\bas\s+(?!a\b|an\b|the\b)[a-z]+$)/;

/** Typed-in statements that write: at the start of the message or of a line, or after `;`. */
const writingSql =
  /(?:^|[\n;]|```sql)\s*(delete\s+from|update\s+[\w".]+\s+set|insert\s+(?:into|or)|drop\s+(?:table|view|schema|database|column|index)|truncate\s+(?:table\s+)?[\w".]+\s*(?:;|$)|alter\s+(?:table|view|schema)|create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view|index|schema|database)|merge\s+into|replace\s+into|copy\s+[\w".]+\s+(?:from|to)|grant\s|revoke\s|attach\s|detach\s|vacuum\b|install\s|load\s)/i;

/** Read-only verbs for the suggestion: what the change would touch. */
const suggestible = new Set([
  "delete",
  "remove",
  "drop",
  "erase",
  "wipe",
  "purge",
  "update",
  "change",
  "set",
  "replace",
  "fix",
  "correct",
  "mark",
  "clear",
  "edit",
  "modify",
]);

/**
 * Reads whether a message asks to change stored data. See the module comment for what counts.
 *
 * @example
 * ```ts
 * detectDataChange("Please delete the 2012 rows").changesData; // true
 * detectDataChange("Which orders were deleted?").changesData; // false
 * detectDataChange("Remove outliers from the chart").changesData; // false
 * ```
 */
export function detectDataChange(message: string, options: IntentGateOptions = {}): IntentVerdict {
  const text = message.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const sql = writingSql.exec(text);
  if (sql) {
    return { changesData: true, via: "sql", action: (sql[1] ?? "").split(/\s/)[0]?.toLowerCase() ?? "" };
  }
  const tables = (options.tables ?? []).map((t) => t.toLowerCase());
  for (const sentence of text.split(/[.;!?\n:]+(?:\s|$)|[!?\n;]+/)) {
    const lower = sentence.toLowerCase().trim();
    if (lower === "" || hypothetical.test(lower)) continue;
    const clauses = lower.split(
      /\s*(?:,\s*(?:and\s+)?then\b|\band then\b|\bthen\b|\band also\b|\band\b|,)\s*/,
    );
    for (const [index, clause] of clauses.entries()) {
      const verdict = readClause(clause.trim(), index > 0, tables);
      if (verdict) return verdict;
    }
  }
  return { changesData: false };
}

/** The verdict of one clause, when it asks for a change. */
function readClause(
  clause: string,
  continued: boolean,
  tables: readonly string[],
): IntentVerdict | undefined {
  let rest = clause.replace(fillers, "");
  const frame = requestFrame.exec(rest);
  if (frame) rest = rest.slice(frame[0].length);
  const verb = /^([a-z]+)\b/.exec(rest)?.[1];
  const strength = verb === undefined ? undefined : verbs[verb];
  if (verb === undefined || strength === undefined) return undefined;
  const object = rest.slice(verb.length).trim();
  // "Update: amounts are in EUR now" is a statement, not a request to update something.
  if (object === "") return undefined;
  const next = /^[a-z']+|^\d|^['"]/.exec(object)?.[0] ?? "";
  if (notAnObject.has(next)) return undefined;
  const computes = computeVerbs.has(verb);
  // "create a table of sales by region" names the table it reads, not one to change.
  const tableNamed =
    !computes &&
    tables.some((t) => new RegExp(`(?:^|[^a-z0-9_])${escapeRegExp(t)}(?:$|[^a-z0-9_])`).test(object));
  const target = dataTarget.exec(object)?.[0];
  const dataNamed = tableNamed || (target !== undefined && !(computes && schemaWords.test(target)));
  // "… and update date for each product": a joined clause needs an object that reads as one.
  if (continued && !frame && !(determiners.has(next) || /^\d|^['"]/.test(next) || dataNamed))
    return undefined;
  if (presentationTarget.test(object) || presentationHead.test(object)) return undefined;
  if (!dataNamed) {
    if (presentation.test(object)) return undefined;
    if (strength === "soft" && !recordRef.test(object) && !assignment.test(object)) return undefined;
  }
  return {
    changesData: true,
    via: "request",
    action: verb,
    clause: clause.trim(),
    ...suggestionOf(verb, object),
  };
}

/** "Show the 2012 rows" for "delete the 2012 rows"; the assignment ("to 12") is dropped. */
function suggestionOf(verb: string, object: string): { suggestion?: string } {
  if (!suggestible.has(verb)) return {};
  const what = object
    .split(/\s+(?:to|with|as|into)\s+/)[0]
    ?.replace(/\s+(?:from|in)\s+(?:the\s+)?(?:table|dataset|database|data)$/, "")
    .trim();
  if (!what || what.length > 120 || /^(?:it|them|that|this|everything|all)$/.test(what)) return {};
  return { suggestion: `Show ${what}` };
}

/**
 * The answer a declined request gets: nothing was changed, why, what to do instead, and a read-only
 * question to ask when one reads well.
 *
 * @example
 * ```ts
 * declineAnswer(detectDataChange("delete the 2012 rows"));
 * // "I can't delete data: Quarry only reads your tables … For example: \"Show the 2012 rows\"."
 * ```
 */
export function declineAnswer(verdict: IntentVerdict): string {
  const what =
    verdict.via === "sql"
      ? `I can't run ${verdict.action ? `a ${verdict.action.toUpperCase()}` : "that"} statement`
      : `I can't ${verdict.action ?? "change"} data`;
  const lines = [
    `${what}: Quarry only reads your tables and never changes them, so nothing was changed.`,
    "To change the data, edit the source file and upload it again, or apply a cleaning step to the dataset, which keeps the earlier version.",
  ];
  if (verdict.suggestion) {
    lines.push(`I can show you what it would affect. For example: "${verdict.suggestion}".`);
  }
  return lines.join(" ");
}
