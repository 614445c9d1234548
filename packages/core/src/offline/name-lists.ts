/**
 * Generic name lists the planner matches values and dates with: demonyms and country abbreviations, US
 * states, month names, small number words, the verbs questions wrap around what they count, and the
 * prepositions pointing at an origin or a destination. Not tied to any dataset.
 */

/** Irregular demonyms and common country abbreviations; regular ones (Japan → Japanese) are matched by suffix. */
export const valueAliases: Record<string, string[]> = {
  american: ["usa", "us", "united states", "america", "u.s."],
  america: ["usa", "us", "united states"],
  usa: ["us", "united states", "america"],
  us: ["usa", "united states", "america"],
  british: ["uk", "united kingdom", "great britain", "britain", "england"],
  uk: ["united kingdom", "great britain", "britain"],
  english: ["england", "english"],
  french: ["france"],
  german: ["germany"],
  dutch: ["netherlands", "holland"],
  swiss: ["switzerland"],
  spanish: ["spain"],
  swedish: ["sweden"],
  danish: ["denmark"],
  irish: ["ireland"],
  scottish: ["scotland"],
  greek: ["greece"],
  turkish: ["turkey"],
  thai: ["thailand"],
  polish: ["poland"],
  finnish: ["finland"],
  norwegian: ["norway"],
  men: ["male", "m", "man"],
  women: ["female", "f", "woman"],
  man: ["male", "m"],
  woman: ["female", "f"],
};

/** US states and territories: name → postal code. */
export const usStates: Record<string, string> = {
  alabama: "AL",
  alaska: "AK",
  arizona: "AZ",
  arkansas: "AR",
  california: "CA",
  colorado: "CO",
  connecticut: "CT",
  delaware: "DE",
  florida: "FL",
  georgia: "GA",
  hawaii: "HI",
  idaho: "ID",
  illinois: "IL",
  indiana: "IN",
  iowa: "IA",
  kansas: "KS",
  kentucky: "KY",
  louisiana: "LA",
  maine: "ME",
  maryland: "MD",
  massachusetts: "MA",
  michigan: "MI",
  minnesota: "MN",
  mississippi: "MS",
  missouri: "MO",
  montana: "MT",
  nebraska: "NE",
  nevada: "NV",
  "new hampshire": "NH",
  "new jersey": "NJ",
  "new mexico": "NM",
  "new york": "NY",
  "north carolina": "NC",
  "north dakota": "ND",
  ohio: "OH",
  oklahoma: "OK",
  oregon: "OR",
  pennsylvania: "PA",
  "rhode island": "RI",
  "south carolina": "SC",
  "south dakota": "SD",
  tennessee: "TN",
  texas: "TX",
  utah: "UT",
  vermont: "VT",
  virginia: "VA",
  washington: "WA",
  "west virginia": "WV",
  wisconsin: "WI",
  wyoming: "WY",
  "district of columbia": "DC",
  "puerto rico": "PR",
  guam: "GU",
};

/** Month names and abbreviations → month number. */
export const months: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Spelled-out small numbers ("top five"). */
export const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  fifty: 50,
  hundred: 100,
};

/**
 * Prepositions pointing at one end of a movement: `from SFO` names an origin column's value, `to LAX` a
 * destination's, when the value is in both.
 */
export const directionConcepts: Record<string, string[]> = {
  from: ["origin"],
  to: ["destination"],
  into: ["destination"],
};

/**
 * Verbs questions use around what they count ("customers who placed orders", "flights that went to LAX"):
 * they carry no filter, so the planner need not find them in the data.
 */
export const verbWords = new Set(
  (
    "place placed make made buy bought purchase purchased sell sold order ordered receive received handle " +
    "handled get got take took come came go went had live lives lived happen happened occur occurred " +
    "register registered sign signed opt opted belong belongs belonged fall falls fell appear appears appeared"
  ).split(" "),
);
