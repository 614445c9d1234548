/**
 * Preferences a user states in passing ("use fiscal years", "amounts in EUR", "from now on round to 2
 * decimals", "I prefer bar charts"), read from their messages by pattern, and merged into the session's
 * list without losing what the user edited there: the list is only ever changed by these deltas, so a
 * preference the user deleted stays deleted until they state it again, and one they typed in stays.
 */

/** What one message says about preferences. */
export interface PreferenceChanges {
  /** Preferences stated, normalised ("amounts in EUR"). */
  add: string[];
  /** What the user asked to drop ("stop using fiscal years" → "fiscal years"). */
  remove: string[];
}

/** Longest preference kept (the store's limit is 1,000 characters). */
const maxLength = 200;
const maxPreferences = 100;

const currencies: Record<string, string> = {
  euro: "EUR",
  euros: "EUR",
  dollar: "USD",
  dollars: "USD",
  pound: "GBP",
  pounds: "GBP",
  yen: "JPY",
};
const scales = new Set(["thousands", "millions", "billions", "percent", "percentages"]);

/** A standing instruction: it is meant for later answers too. */
const standing =
  /^(?:from now on|going forward|in (?:the )?future|by default|for all (?:future )?(?:answers|questions)|always|never)\b[\s,:]*/i;
const oneOff = /\b(?:this time|for this (?:question|one|answer|query)|just now|right now|here)\b/i;
const isQuestion =
  /^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|should|would|will|has|have)\b/i;
const fillers = /^(?:(?:please|pls|ok|okay|so|and|also|then|just|kindly)\b[\s,]*)+/i;

const amountsIn =
  /\b(?:amounts?|prices?|figures|numbers|values|money|revenue|costs?|totals?|sums?|currency)\s+(?:should be\s+|are\s+|to be\s+)?in\s+([A-Za-z]{3}\b|euros?|dollars?|pounds?|yen|thousands|millions|billions|percent(?:ages)?)/i;
const rounding =
  /\bround(?:ed)?\s+(?:(?:all\s+)?(?:numbers|figures|amounts|values)\s+)?to\s+(\d{1,2}|one|two|three|zero)\s+(?:decimals?|decimal places?|digits?)/i;
const fiscalStart =
  /\b(?:my|our|the)\s+fiscal\s+year\s+(?:starts|begins)\s+(?:in|on)\s+([A-Za-z]+(?:\s+\d{1,2})?)/i;
const weekStart = /\b(?:my|our|the)?\s*weeks?\s+(?:starts?|begins?)\s+on\s+([A-Za-z]+)/i;
const prefer = /^(?:i(?:\s+would|'d)?\s+prefer|my preference is(?:\s+for)?)\s+(.+)$/i;
const use = /^use\s+(?!of\b)(.+)$/i;
const always = /^(always|never)\s+(.+)$/i;
const stop =
  /^(?:stop\s+using|don'?t\s+use|do not\s+use|no longer\s+use|forget(?:\s+about)?(?:\s+the)?(?:\s+preference)?|drop\s+the\s+preference)\s+(.+?)(?:\s+any\s*more|\s+anymore|\s+preference)?$/i;

function clean(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/[\s,;:.!]+$/, "")
    .trim()
    .slice(0, maxLength);
}

/** One clause as a preference, or undefined when it states none. */
function preferenceOf(clause: string, isStanding: boolean): string | undefined {
  const amounts = amountsIn.exec(clause);
  if (amounts?.[1]) {
    const unit = amounts[1];
    const lower = unit.toLowerCase();
    const named =
      currencies[lower] ?? (scales.has(lower) ? lower : unit.length === 3 ? unit.toUpperCase() : lower);
    return `amounts in ${named}`;
  }
  const round = rounding.exec(clause);
  if (round?.[1]) return `round to ${round[1]} decimals`;
  const fiscal = fiscalStart.exec(clause);
  if (fiscal?.[1]) return `fiscal year starts in ${fiscal[1]}`;
  const week = weekStart.exec(clause);
  if (week?.[1]) return `weeks start on ${week[1]}`;
  const preferred = prefer.exec(clause);
  if (preferred?.[1] && !oneOff.test(clause)) return `prefer ${clean(preferred[1])}`;
  const used = use.exec(clause);
  if (used?.[1]) return `use ${clean(used[1])}`;
  const rule = always.exec(clause);
  if (rule?.[1] && rule[2]) return `${rule[1].toLowerCase()} ${clean(rule[2])}`;
  return isStanding && clause.split(/\s+/).length >= 2 ? clean(clause) : undefined;
}

/**
 * The preferences a user message states or withdraws. Questions and one-off requests ("use the orders
 * table for this question") state none.
 *
 * @example
 * ```ts
 * extractPreferences("From now on, use fiscal years. Amounts in euros please.");
 * // { add: ["use fiscal years", "amounts in EUR"], remove: [] }
 * ```
 */
export function extractPreferences(message: string): PreferenceChanges {
  const changes: PreferenceChanges = { add: [], remove: [] };
  for (const sentence of message.replace(/[’]/g, "'").split(/(?<=[.!?;\n])\s*/)) {
    let clause = sentence.trim().replace(fillers, "");
    if (clause === "" || oneOff.test(clause)) continue;
    const cue = standing.exec(clause);
    const isStanding = cue !== null;
    if (cue && !/^(?:always|never)$/i.test(cue[0].trim()))
      clause = clause.slice(cue[0].length).replace(fillers, "");
    if (!isStanding && (clause.endsWith("?") || isQuestion.test(clause))) continue;
    const dropped = stop.exec(clause);
    if (dropped?.[1]) {
      changes.remove.push(clean(dropped[1]).toLowerCase());
      continue;
    }
    const found = preferenceOf(clause, isStanding);
    if (found && found.length >= 4) changes.add.push(found);
  }
  return changes;
}

/**
 * What a preference is about, so that a new one replaces an old one on the same subject ("amounts in USD"
 * replaces "amounts in EUR", "use calendar years" replaces "use fiscal years"). User-written preferences get
 * a key the same way when they follow a pattern, and their own text otherwise.
 */
export function preferenceKey(preference: string): string {
  const text = preference.toLowerCase().trim();
  const amounts = /^amounts in (.+)$/.exec(text);
  if (amounts) {
    const unit = amounts[1] ?? "";
    return `amounts:${scales.has(unit) ? (unit.startsWith("percent") ? "percent" : "scale") : "currency"}`;
  }
  if (text.startsWith("round to ")) return "round";
  if (text.startsWith("fiscal year starts")) return "fiscal-start";
  if (/^weeks? start/.test(text)) return "week-start";
  const use = /^use (?:the |a |an )?(?:\S+ )*?(\S+)$/.exec(text);
  if (use) return `use:${(use[1] ?? "").replace(/s$/, "")}`;
  return text;
}

/**
 * Applies a message's changes to a session's preferences: withdrawn ones go, a new one replaces the one on
 * the same subject, and everything else (including what the user wrote by hand) stays in its order.
 */
export function mergePreferences(existing: readonly string[], changes: PreferenceChanges): string[] {
  let list = existing.filter(
    (p) => !changes.remove.some((r) => r.length >= 3 && p.toLowerCase().includes(r)),
  );
  for (const preference of changes.add) {
    const key = preferenceKey(preference);
    const at = list.findIndex((p) => preferenceKey(p) === key);
    if (at >= 0) list = [...list.slice(0, at), preference, ...list.slice(at + 1)];
    else list = [...list, preference];
  }
  // Oldest stated preferences give way first when the list is full.
  return list.slice(Math.max(0, list.length - maxPreferences));
}
