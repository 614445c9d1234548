import { closers, type DocumentSpec, words } from "./retrieval-facts.js";

/** Documents written for visitors, customers and readers: guides, manuals, terms and histories. */
export const publicDocs: readonly DocumentSpec[] = [
  {
    fileName: "harbor-city-guide.pdf",
    title: "Harbor City Visitor Guide",
    pages: 20,
    subjects: words("Visitors|The tourist office|Local guides|The old town|Many families"),
    verbs: words("enjoy|explore|recommend|describe|visit"),
    objects: words(
      "the cobbled streets|the market square|the seaside promenade|the city museum|the botanical garden",
    ),
    closers: [
      ...words("during the summer months|on a sunny afternoon|with a map from the tourist office"),
      ...closers,
    ],
    facts: [
      {
        page: 4,
        sentence: "The Old Lighthouse on Gull Point was built in 1847 and is open to visitors on weekends.",
        answer: "built in 1847",
        question: "When was the lighthouse on Gull Point built?",
      },
      {
        page: 12,
        sentence: "The night ferry to Varnholm departs from Pier 9 at 22:40 every Friday.",
        answer: "Pier 9",
        question: "Which pier does the Friday night ferry to Varnholm leave from?",
      },
      {
        page: 17,
        sentence: "Locals recommend the smoked herring at Marta's Kitchen on Cooper Street.",
        answer: "Marta's Kitchen",
        question: "Where can I eat good smoked fish in town?",
        paraphrase: true,
      },
    ],
  },
  {
    fileName: "solar-inverter-manual.pdf",
    title: "SX-400 Solar Inverter Installation Manual",
    pages: 30,
    subjects: words("The installer|The inverter|The monitoring app|The display|The operator"),
    verbs: words("checks|shows|logs|configures|measures"),
    objects: words(
      "the string voltage|the firmware version|the grid frequency|the daily yield|the cable glands",
    ),
    closers: [
      ...words("after every restart|during commissioning|as shown in the wiring diagram"),
      ...closers,
    ],
    facts: [
      {
        page: 6,
        sentence: "The SX-400 inverter operates at ambient temperatures from -25 to 60 degrees Celsius.",
        answer: "60 degrees Celsius",
        question: "What temperature range can the SX-400 inverter work in?",
      },
      {
        page: 18,
        sentence:
          "Error code E17 indicates a ground fault; disconnect the DC isolator before inspecting the wiring.",
        answer: "E17",
        question: "What does error code E17 mean?",
      },
      {
        page: 27,
        sentence:
          "The warranty on the SX-400 is void if the enclosure is opened by anyone other than a certified installer.",
        answer: "certified installer",
        question: "Who is allowed to open the inverter housing without losing the warranty?",
        paraphrase: true,
      },
    ],
    distractors: [
      {
        page: 19,
        sentence: "Error code E12 indicates grid overvoltage; the inverter restarts automatically.",
      },
    ],
  },
  {
    fileName: "clinical-study-summary.pdf",
    title: "Clinical Study Summary",
    pages: 18,
    subjects: words("The study team|Investigators|The steering committee|Each site|The monitoring board"),
    verbs: words("collected|analysed|reviewed|recorded|verified"),
    objects: words(
      "baseline measurements|laboratory values|follow-up visits|the statistical plan|consent forms",
    ),
    closers: [...words("according to the protocol|at each scheduled visit"), ...closers],
    facts: [
      {
        page: 3,
        sentence: "The trial enrolled 1,240 participants across 31 hospitals in Norway and Denmark.",
        answer: "1,240 participants",
        question: "How many participants were enrolled in the trial?",
      },
      {
        page: 9,
        sentence: "The most common side effect was mild headache, reported by 8 percent of patients.",
        answer: "mild headache",
        question: "What adverse reaction did patients report most often?",
        paraphrase: true,
      },
      {
        page: 15,
        sentence: "The principal investigator was Dr. Amara Okafor of the Bergen University Hospital.",
        answer: "Amara Okafor",
        question: "Who led the study as principal investigator?",
      },
    ],
  },
  {
    fileName: "valley-railway-history.pdf",
    title: "A History of the Valley Railway",
    pages: 25,
    subjects: words("The railway company|Local farmers|The town council|Travellers|The newspapers"),
    verbs: words("welcomed|debated|described|financed|praised"),
    objects: words(
      "the new timetable|the station buildings|the steam locomotives|the goods sheds|the river crossing",
    ),
    closers: [...words("in those early years|for several decades|as the archives show"), ...closers],
    facts: [
      {
        page: 4,
        sentence:
          "The Valley Railway opened on 3 May 1882 with a ceremony attended by Governor Elias Brandt.",
        answer: "3 May 1882",
        question: "When did the Valley Railway open?",
      },
      {
        page: 13,
        sentence: "The Kessel Viaduct, 212 metres long, was designed by the engineer Sofia Lindqvist.",
        answer: "Sofia Lindqvist",
        question: "Who designed the Kessel Viaduct?",
      },
      {
        page: 22,
        sentence:
          "Passenger service ended in 1961, when the line could no longer compete with the new highway.",
        answer: "ended in 1961",
        question: "Why did passenger trains stop running?",
        paraphrase: true,
      },
    ],
    distractors: [{ page: 14, sentence: "Freight service on the branch to Ostmark ended in 1974." }],
  },
  {
    fileName: "customer-warranty-terms.pdf",
    title: "Customer Warranty Terms",
    pages: 7,
    subjects: words("The manufacturer|The customer|Authorised dealers|The service centre|These terms"),
    verbs: words("handles|registers|inspects|confirms|documents"),
    objects: words(
      "the proof of purchase|the serial number|repair requests|the product registration|service visits",
    ),
    closers,
    facts: [
      {
        page: 2,
        sentence: "All appliances carry a 24-month warranty from the date of purchase.",
        answer: "24-month warranty",
        question: "How long is the warranty on appliances?",
      },
      {
        page: 4,
        sentence: "Damage caused by limescale is not covered; descale the machine every three months.",
        answer: "limescale",
        question: "Is limescale damage covered by the warranty?",
      },
      {
        page: 6,
        sentence:
          "Replacement parts are shipped free of charge within five business days of an approved claim.",
        answer: "five business days",
        question: "How quickly will replacement parts arrive?",
        paraphrase: true,
      },
    ],
  },
  {
    fileName: "school-prospectus.pdf",
    title: "Lakeside International School Prospectus",
    pages: 14,
    subjects: words("Our teachers|Students|The school|Parents|The pastoral team"),
    verbs: words("encourage|support|celebrate|organise|value"),
    objects: words("curiosity|sports afternoons|the reading programme|field trips|community projects"),
    closers: [...words("throughout the school year|in every year group"), ...closers],
    facts: [
      {
        page: 3,
        sentence: "Annual tuition for the International Baccalaureate programme is 16,900 euros.",
        answer: "16,900 euros",
        question: "What does the IB programme cost per year?",
        paraphrase: true,
      },
      {
        page: 8,
        sentence:
          "The school orchestra rehearses on Tuesday evenings under the direction of Mr. Tomasz Wierzbicki.",
        answer: "Tomasz Wierzbicki",
        question: "Who directs the school orchestra?",
      },
      {
        page: 12,
        sentence: "Applications for the autumn intake close on 15 March.",
        answer: "15 March",
        question: "What is the application deadline for the autumn intake?",
      },
    ],
  },
  {
    fileName: "vineyard-newsletter.pdf",
    title: "Weingut Steinberg Annual Newsletter",
    pages: 22,
    subjects: words("Our vintners|The cellar master|The estate|Our guests|The vineyard crew"),
    verbs: words("tend|taste|prune|celebrate|bottle"),
    objects: words("the old vines|the oak barrels|the terraces|the new vintage|the sparkling wine"),
    closers: [...words("under the autumn sun|as the seasons turn"), ...closers],
    facts: [
      {
        page: 5,
        sentence:
          "This year's harvest began on 9 September, two weeks earlier than usual, after a hot August.",
        answer: "9 September",
        question: "When did the grape harvest start this year?",
      },
      {
        page: 14,
        sentence: "Our Riesling from the Steinberg slope won a gold medal at the Mosel Wine Fair.",
        answer: "gold medal",
        question: "Which award did the Steinberg Riesling win?",
      },
      {
        page: 20,
        sentence: "Cellar tours cost 15 euros and include a tasting of four wines.",
        answer: "15 euros",
        question: "How much is a tour of the cellar?",
      },
    ],
  },
  {
    fileName: "insurance-policy-booklet.pdf",
    title: "Home and Contents Insurance Policy",
    pages: 16,
    subjects: words("The insurer|The policyholder|This policy|Our assessors|The schedule"),
    verbs: words("covers|lists|assesses|describes|confirms"),
    objects: words("household contents|the sum insured|premium payments|renewal terms|the insured address"),
    closers: [...words("subject to the conditions below"), ...closers],
    facts: [
      {
        page: 3,
        sentence: "The deductible for water damage claims is 500 euros per incident.",
        answer: "500 euros per incident",
        question: "What is the deductible for water damage?",
      },
      {
        page: 9,
        sentence: "Theft from an unlocked vehicle is excluded from coverage.",
        answer: "unlocked vehicle",
        question: "Am I insured if something is stolen from my car when it was not locked?",
        paraphrase: true,
      },
      {
        page: 15,
        sentence: "Claims must be reported within 14 days by calling the claims line at 0800 555 210.",
        answer: "0800 555 210",
        question: "What phone number do I use to report a claim?",
      },
    ],
  },
];
