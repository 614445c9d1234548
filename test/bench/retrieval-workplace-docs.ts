import { closers, type DocumentSpec, words } from "./retrieval-facts.js";

/** Documents a company keeps for its own people: policies, reports, rules and plans. */
export const workplaceDocs: readonly DocumentSpec[] = [
  {
    fileName: "employee-handbook.pdf",
    title: "Employee Handbook",
    pages: 12,
    subjects: words("The human resources team|Each department|Line managers|The company|Team leads"),
    verbs: words("reviews|documents|updates|discusses|approves"),
    objects: words(
      "the annual training plan|working hours|team objectives|performance goals|the onboarding checklist",
    ),
    closers,
    facts: [
      {
        page: 3,
        sentence: "New employees complete a probation period of 90 days before they may request remote work.",
        answer: "probation period of 90 days",
        question: "How long is the probation period for new hires?",
      },
      {
        page: 7,
        sentence:
          "Employees who relocate for the company receive a one-time moving allowance of 7,500 euros.",
        answer: "7,500 euros",
        question: "What relocation payment do staff get when they move for the job?",
        paraphrase: true,
      },
      {
        page: 11,
        sentence:
          "Formal grievances go to the ombudsperson, Ingrid Halvorsen, who reports directly to the supervisory board.",
        answer: "Ingrid Halvorsen",
        question: "Who is the ombudsperson for formal grievances?",
      },
    ],
    distractors: [
      {
        page: 5,
        sentence:
          "Informal concerns are first raised with the line manager, who answers within ten working days.",
      },
    ],
  },
  {
    fileName: "travel-expense-policy.pdf",
    title: "Travel and Expense Policy",
    pages: 8,
    subjects: words("The finance department|Travellers|The travel desk|Approvers|Cost centre owners"),
    verbs: words("checks|books|records|reconciles|reviews"),
    objects: words(
      "the monthly statement|corporate card transactions|the booking portal|travel requests|cost allocations",
    ),
    closers,
    facts: [
      {
        page: 2,
        sentence: "The daily meal allowance for domestic trips is 42 euros, paid without receipts.",
        answer: "42 euros",
        question: "What is the daily meal allowance on domestic trips?",
      },
      {
        page: 5,
        sentence:
          "Economy class is mandatory for flights shorter than six hours; business class needs approval from a vice president.",
        answer: "shorter than six hours",
        question: "When am I allowed to fly business class?",
      },
      {
        page: 7,
        sentence:
          "Expense claims must be submitted within 30 days of returning, or reimbursement is forfeited.",
        answer: "within 30 days of returning",
        question: "What is the deadline to submit an expense claim after a trip?",
      },
    ],
    distractors: [
      { page: 3, sentence: "Hotel stays are reimbursed up to 180 euros per night in capital cities." },
    ],
  },
  {
    fileName: "q3-financial-report.pdf",
    title: "Third Quarter Financial Report",
    pages: 6,
    subjects: words("Management|The finance team|The company|Each business unit|The audit committee"),
    verbs: words("monitors|reports|analyses|forecasts|reviews"),
    objects: words("cash flow|working capital|capital expenditure|currency exposure|segment results"),
    closers,
    facts: [
      {
        page: 2,
        sentence:
          "Revenue for the third quarter reached 48.2 million dollars, up 12 percent from a year earlier.",
        answer: "48.2 million dollars",
        question: "What was third-quarter revenue?",
      },
      {
        page: 4,
        sentence: "Operating margin narrowed to 9.1 percent because of higher freight costs.",
        answer: "9.1 percent",
        question: "Why did the operating margin shrink?",
        paraphrase: true,
      },
      {
        page: 5,
        sentence: "The board approved a dividend of 0.35 dollars per share, payable on 14 November.",
        answer: "0.35 dollars per share",
        question: "How large is the dividend per share?",
      },
    ],
    distractors: [{ page: 3, sentence: "Gross margin held steady at 41 percent in the quarter." }],
  },
  {
    fileName: "office-lease-agreement.pdf",
    title: "Office Lease Agreement",
    pages: 15,
    subjects: words("The landlord|The tenant|Both parties|The property manager|This agreement"),
    verbs: words("maintains|inspects|records|insures|keeps"),
    objects: words(
      "the common areas|the heating system|the service charges|the parking spaces|the building register",
    ),
    closers: [...words("in accordance with applicable law|as set out in schedule two"), ...closers],
    facts: [
      {
        page: 3,
        sentence:
          "The monthly base rent for the premises is 18,400 euros, due on the first business day of each month.",
        answer: "18,400 euros",
        question: "How much is the monthly rent?",
      },
      {
        page: 9,
        sentence:
          "Either party may terminate the lease with six months' written notice after the initial term of five years.",
        answer: "six months' written notice",
        question: "How much notice is needed to end the lease?",
      },
      {
        page: 13,
        sentence:
          "The tenant may install signage on the north facade only with the landlord's prior written consent.",
        answer: "north facade",
        question: "Can the tenant put up a sign on the building?",
        paraphrase: true,
      },
    ],
  },
  {
    fileName: "it-security-standard.pdf",
    title: "Information Security Standard",
    pages: 10,
    subjects: words("The security team|System owners|Every user|The service desk|Administrators"),
    verbs: words("reviews|patches|monitors|approves|audits"),
    objects: words("access rights|firewall rules|software licences|backup jobs|the asset inventory"),
    closers,
    facts: [
      {
        page: 2,
        sentence:
          "Passwords must be at least 14 characters long and are never rotated unless a compromise is suspected.",
        answer: "14 characters",
        question: "What is the minimum password length?",
      },
      {
        page: 5,
        sentence:
          "Laptops use full-disk encryption, and recovery keys are escrowed in the central key vault.",
        answer: "central key vault",
        question: "Where are laptop recovery keys stored?",
      },
      {
        page: 8,
        sentence:
          "Security incidents must be reported to the CSIRT hotline at extension 4477 within one hour.",
        answer: "extension 4477",
        question: "What number do I call to report a security incident?",
      },
    ],
  },
  {
    fileName: "cafeteria-guide.pdf",
    title: "Cafeteria Guide",
    pages: 5,
    subjects: words("The kitchen team|Guests|The cafeteria|Our suppliers|The chef"),
    verbs: words("prepares|serves|sources|offers|presents"),
    objects: words("seasonal salads|fresh bread|regional produce|daily soups|fruit platters"),
    closers: [...words("from local farms|every morning"), ...closers],
    facts: [
      {
        page: 2,
        sentence: "The cafeteria serves breakfast from 7:30 to 9:30 on weekdays.",
        answer: "7:30 to 9:30",
        question: "When is breakfast served in the cafeteria?",
      },
      {
        page: 3,
        sentence: "Every Thursday the kitchen offers a vegan curry made with chickpeas and spinach.",
        answer: "vegan curry",
        question: "Is there a plant-based dish on Thursdays?",
        paraphrase: true,
      },
      {
        page: 5,
        sentence: "Meal cards can be topped up at the kiosk next to the main entrance.",
        answer: "kiosk next to the main entrance",
        question: "Where can I add credit to my meal card?",
      },
    ],
  },
  {
    fileName: "warehouse-safety-rules.pdf",
    title: "Warehouse Safety Rules",
    pages: 9,
    subjects: words("Shift supervisors|All workers|The safety officer|Visitors|Contractors"),
    verbs: words("inspect|report|keep clear|wear|check"),
    objects: words("the loading docks|pallet racks|emergency exits|high-visibility vests|the first aid kits"),
    closers: [...words("at the beginning of every shift"), ...closers],
    facts: [
      {
        page: 2,
        sentence: "Forklifts may not exceed 8 kilometres per hour inside the warehouse.",
        answer: "8 kilometres per hour",
        question: "What is the speed limit for forklifts indoors?",
      },
      {
        page: 5,
        sentence: "Hearing protection is required in zone C, where noise levels exceed 85 decibels.",
        answer: "zone C",
        question: "In which zone is hearing protection required?",
      },
      {
        page: 8,
        sentence: "The evacuation assembly point is the north parking lot beside the water tower.",
        answer: "north parking lot",
        question: "Where do we gather during an evacuation?",
      },
    ],
  },
  {
    fileName: "product-roadmap.pdf",
    title: "Atlas Product Roadmap",
    pages: 11,
    subjects: words("The product team|Engineering|Design|Customer success|The platform group"),
    verbs: words("prioritises|prototypes|validates|ships|measures"),
    objects: words("user feedback|the backlog|dashboard improvements|API stability|onboarding flows"),
    closers,
    facts: [
      {
        page: 2,
        sentence: "Version 4.0 of the Atlas platform is scheduled for general availability in October.",
        answer: "general availability in October",
        question: "When will Atlas 4.0 be generally available?",
      },
      {
        page: 6,
        sentence: "Offline mode was postponed to the next release because of synchronisation conflicts.",
        answer: "synchronisation conflicts",
        question: "Why was offline mode delayed?",
        paraphrase: true,
      },
      {
        page: 10,
        sentence: "The mobile team is led by Priya Raman and has nine engineers.",
        answer: "Priya Raman",
        question: "Who leads the mobile team?",
      },
    ],
  },
];
