/**
 * The offline planner's small built-in vocabulary: common analytic synonyms, superlatives, units and a few
 * generic name lists (US states, demonyms, months). Nothing here names a particular dataset; a word earns a
 * place by being how people commonly ask about data.
 */

/** Words that can be left unexplained in a question: they carry grammar, not meaning. */
export const stopwords = new Set(
  (
    "a an the of in on at to for from by with and or is are was were be been being do does did have has had " +
    "what which who whom whose how many much there their them this that these those it its i me my we our us " +
    "you your show list give tell find get display return please all any some than as into out up down " +
    "ever recorded record can could would should will shall may might just only also about per each every " +
    "s dataset data table tables value values whole overall altogether got see know want need when where " +
    "across between during since until within one ones kind type types sort category kinds level"
  ).split(" "),
);

/** Words that name the rows of a table in general ("how many records"). */
export const rowWords = new Set([
  "record",
  "row",
  "entry",
  "entries",
  "observation",
  "line",
  "case",
  "instance",
]);

/**
 * Synonym groups: every word of a group stands for the same idea in column names and questions. The first
 * word is the group's key. Multi-word phrases are first folded into one word by {@link phrases}.
 */
const groups: string[][] = [
  ["temperature", "temp", "temperatures", "tmp"],
  ["mpg", "mileage", "economy", "efficiency"],
  ["weight", "weigh", "wt", "mass", "heavy"],
  ["price", "cost", "prices", "costs", "priced", "fare", "charge"],
  ["revenue", "sales", "turnover", "income"],
  ["quantity", "qty", "units", "volume"],
  ["amount", "amt", "sum"],
  ["number", "num", "no", "nbr", "count", "cnt"],
  ["distance", "dist", "mileage"],
  ["length", "len"],
  ["duration", "time", "elapsed"],
  ["delay", "late", "lateness", "delayed", "tardiness"],
  ["date", "day", "dt", "days", "dates"],
  ["year", "yr", "yrs"],
  ["month", "mo", "mon"],
  ["percent", "pct", "percentage", "rate"],
  ["average", "avg", "mean"],
  ["maximum", "max"],
  ["minimum", "min"],
  ["origin", "orig", "departure", "depart", "departing", "departed", "departs", "source"],
  ["destination", "dest", "arrival", "arrive", "arriving", "arrived", "arrives"],
  ["name", "title", "label"],
  ["id", "identifier", "key"],
  ["sex", "gender"],
  ["speed", "velocity"],
  ["precipitation", "precip", "rain", "rainfall", "prcp"],
  ["horsepower", "hp", "power"],
  ["cylinders", "cyl", "cylinder"],
  ["population", "pop", "inhabitants"],
  ["salary", "pay", "wage", "wages", "compensation"],
  ["rating", "score", "stars"],
  ["height", "tall"],
  ["age", "old"],
  ["latitude", "lat"],
  ["longitude", "lon", "lng"],
  ["description", "desc"],
  ["department", "dept"],
  ["address", "addr"],
  ["category", "cat"],
  ["customer", "client", "cust"],
  ["employee", "emp", "staff"],
  ["product", "prod", "item"],
  ["state", "province"],
  ["country", "nation"],
  ["city", "town"],
];

/**
 * The term "over time" folds into: a trend over the data's own span (no word of a question or a column name
 * reads as it, so a column called "overtime" is never taken for one).
 */
export const overTime = "over time";

/** Terms that ask for a trend: grouped by a time bucket fitted to the date column's span. */
export const trendTerms = new Set([overTime, "trend", "trends", "trended"]);

/** Multi-word phrases folded into one word before matching, in questions and column names alike. */
export const phrases: [string[], string][] = [
  [["miles", "per", "gallon"], "mpg"],
  [["mile", "per", "gallon"], "mpg"],
  [["fuel", "economy"], "mpg"],
  [["fuel", "efficiency"], "mpg"],
  [["gas", "mileage"], "mpg"],
  [["standard", "deviation"], "stddev"],
  [["day", "of", "the", "week"], "weekday"],
  [["day", "of", "week"], "weekday"],
  [["how", "many"], "howmany"],
  [["how", "much"], "howmuch"],
  [["number", "of"], "numberof"],
  [["count", "of"], "numberof"],
  [["more", "than"], "gt"],
  [["greater", "than"], "gt"],
  [["higher", "than"], "gt"],
  [["larger", "than"], "gt"],
  [["bigger", "than"], "gt"],
  [["above"], "gt"],
  // Before "over" alone: "over time" asks for a trend, not a comparison.
  [["over", "time"], overTime],
  [["through", "time"], overTime],
  [["across", "time"], overTime],
  [["over"], "gt"],
  [["exceeding"], "gt"],
  [["exceeds"], "gt"],
  [["at", "least"], "gte"],
  [["no", "less", "than"], "gte"],
  [["less", "than"], "lt"],
  [["fewer", "than"], "lt"],
  [["lower", "than"], "lt"],
  [["smaller", "than"], "lt"],
  [["below"], "lt"],
  [["under"], "lt"],
  [["at", "most"], "lte"],
  [["no", "more", "than"], "lte"],
  [["up", "to"], "lte"],
  [["equal", "to"], "eq"],
  [["exactly"], "eq"],
  [["most", "common"], "mostcommon"],
  [["most", "frequent"], "mostcommon"],
  [["most", "popular"], "mostcommon"],
  [["least", "common"], "leastcommon"],
  [["least", "frequent"], "leastcommon"],
  [["least", "popular"], "leastcommon"],
  [["most", "recent"], "latest"],
  [["for", "each"], "each"],
  [["for", "every"], "each"],
  [["of", "each"], "each"],
  [["broken", "down", "by"], "by"],
  [["grouped", "by"], "by"],
  [["split", "by"], "by"],
  [["month", "of", "the", "year"], "monthofyear"],
  [["month", "of", "year"], "monthofyear"],
  [["calendar", "month"], "monthofyear"],
  [["months", "of", "the", "year"], "monthofyear"],
];

const groupOf = new Map<string, string>();
for (const group of groups)
  for (const word of group) if (!groupOf.has(word)) groupOf.set(word, group[0] as string);

/** The synonym key of a (stemmed) word, or the word itself. */
export function conceptOf(word: string): string {
  return groupOf.get(word) ?? word;
}

/** Adds a host app's synonyms: each word stands for the given column words. */
export function extendedConcepts(extra: Record<string, readonly string[]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [word, targets] of Object.entries(extra)) map.set(word.toLowerCase(), targets.map(lower));
  return map;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Aggregate functions the planner writes. */
export type Agg = "count" | "sum" | "avg" | "median" | "min" | "max" | "stddev";

/** Words that ask for an aggregate. */
export const aggregateWords: Record<string, Agg> = {
  average: "avg",
  avg: "avg",
  mean: "avg",
  total: "sum",
  sum: "sum",
  combined: "sum",
  cumulative: "sum",
  median: "median",
  maximum: "max",
  max: "max",
  minimum: "min",
  min: "min",
  stddev: "stddev",
};

/** A superlative: which way it sorts, and the ideas it implies when no column is named ("heaviest" → weight). */
export interface Superlative {
  dir: "asc" | "desc";
  concepts: string[];
  /** "most common": rank by how many rows. */
  count?: boolean;
  /** "best"/"worst": the direction flips for measures where lower is better. */
  quality?: boolean;
}

export const superlatives: Record<string, Superlative> = {
  most: { dir: "desc", concepts: [] },
  highest: { dir: "desc", concepts: [] },
  largest: { dir: "desc", concepts: [] },
  biggest: { dir: "desc", concepts: [] },
  greatest: { dir: "desc", concepts: [] },
  maximum: { dir: "desc", concepts: [] },
  top: { dir: "desc", concepts: [] },
  best: { dir: "desc", concepts: [], quality: true },
  worst: { dir: "asc", concepts: [], quality: true },
  least: { dir: "asc", concepts: [] },
  fewest: { dir: "asc", concepts: [] },
  lowest: { dir: "asc", concepts: [] },
  smallest: { dir: "asc", concepts: [] },
  minimum: { dir: "asc", concepts: [] },
  bottom: { dir: "asc", concepts: [] },
  heaviest: { dir: "desc", concepts: ["weight"] },
  lightest: { dir: "asc", concepts: ["weight"] },
  longest: { dir: "desc", concepts: ["distance", "length", "duration"] },
  shortest: { dir: "asc", concepts: ["distance", "length", "duration"] },
  farthest: { dir: "desc", concepts: ["distance"] },
  furthest: { dir: "desc", concepts: ["distance"] },
  hottest: { dir: "desc", concepts: ["temperature"] },
  warmest: { dir: "desc", concepts: ["temperature"] },
  coldest: { dir: "asc", concepts: ["temperature"] },
  coolest: { dir: "asc", concepts: ["temperature"] },
  wettest: { dir: "desc", concepts: ["precipitation"] },
  rainiest: { dir: "desc", concepts: ["precipitation"] },
  driest: { dir: "asc", concepts: ["precipitation"] },
  windiest: { dir: "desc", concepts: ["wind", "speed"] },
  fastest: { dir: "desc", concepts: ["speed", "acceleration"] },
  slowest: { dir: "asc", concepts: ["speed", "acceleration"] },
  tallest: { dir: "desc", concepts: ["height"] },
  oldest: { dir: "desc", concepts: ["age"] },
  youngest: { dir: "asc", concepts: ["age"] },
  expensive: { dir: "desc", concepts: ["price"] },
  priciest: { dir: "desc", concepts: ["price"] },
  cheapest: { dir: "asc", concepts: ["price"] },
  busiest: { dir: "desc", concepts: [], count: true },
  mostcommon: { dir: "desc", concepts: [], count: true },
  leastcommon: { dir: "asc", concepts: [], count: true },
  latest: { dir: "desc", concepts: ["date"] },
  earliest: { dir: "asc", concepts: ["date"] },
};

/** Comparatives before "than": which way they compare, and the idea they imply. */
export const comparatives: Record<string, { op: ">" | "<"; concepts: string[] }> = {
  heavier: { op: ">", concepts: ["weight"] },
  lighter: { op: "<", concepts: ["weight"] },
  longer: { op: ">", concepts: ["distance", "length", "duration"] },
  shorter: { op: "<", concepts: ["distance", "length", "duration"] },
  hotter: { op: ">", concepts: ["temperature"] },
  warmer: { op: ">", concepts: ["temperature"] },
  colder: { op: "<", concepts: ["temperature"] },
  older: { op: ">", concepts: ["age"] },
  younger: { op: "<", concepts: ["age"] },
  faster: { op: ">", concepts: ["speed"] },
  slower: { op: "<", concepts: ["speed"] },
  cheaper: { op: "<", concepts: ["price"] },
  pricier: { op: ">", concepts: ["price"] },
  taller: { op: ">", concepts: ["height"] },
};

/** Ideas where a lower number is the better one ("best delay" is the smallest). */
export const lowerIsBetter = new Set(["delay", "price", "duration", "distance", "age"]);

/** Units written after numbers or inside column names; never part of a column's meaning. */
export const unitWords = new Set(
  (
    "lbs lb pounds pound kg kgs kilograms g grams gram mm cm m km meters metres mi miles mile minutes minute " +
    "mins hours hour hrs hr seconds second secs sec usd eur gbp dollars dollar euros percent in ft feet " +
    "inches inch c f celsius fahrenheit degrees degree mph kph kmh"
  ).split(" "),
);

/** Words that read as a count of rows even when nothing else is counted. */
export const countWords = new Set(["howmany", "numberof", "count", "frequency"]);

/** Time buckets a question can group by, and the words that ask for them. */
export type TimeUnit = "year" | "quarter" | "month" | "monthofyear" | "week" | "day" | "weekday" | "hour";

export const timeWords: Record<string, TimeUnit> = {
  year: "year",
  years: "year",
  yearly: "year",
  annual: "year",
  annually: "year",
  quarter: "quarter",
  quarters: "quarter",
  quarterly: "quarter",
  // "by month" reads as the month of the year, as "by year" reads as the year: `month(date)` 1–12. "monthly"
  // asks for the calendar months in sequence.
  month: "monthofyear",
  months: "monthofyear",
  monthly: "month",
  monthofyear: "monthofyear",
  week: "week",
  weeks: "week",
  weekly: "week",
  day: "day",
  days: "day",
  daily: "day",
  date: "day",
  weekday: "weekday",
  weekdays: "weekday",
  hour: "hour",
  hours: "hour",
  hourly: "hour",
};
