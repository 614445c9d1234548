import type { TurnStatus } from "@quarry/core";

/**
 * Every text the widget shows or announces. Pass some of them as `strings` to `<QuarryChat/>` to translate or
 * reword; the rest keep their defaults. `{name}` placeholders are filled in where the text is used.
 */
export interface QuarryStrings {
  // Sessions
  sessions: string;
  newSession: string;
  searchSessions: string;
  untitledSession: string;
  noSessions: string;
  loadingSessions: string;
  rename: string;
  renameLabel: string;
  save: string;
  cancel: string;
  pin: string;
  unpin: string;
  archive: string;
  unarchive: string;
  archived: string;
  delete: string;
  confirmDelete: string;

  // Models
  model: string;

  // Files and datasets
  addFiles: string;
  filesToUpload: string;
  dropFiles: string;
  uploads: string;
  uploadFailed: string;
  uploadDone: string;
  uploadProgress: string;
  /** Names an upload's preview table for assistive technology. */
  uploadPreview: string;
  /** Under a preview parsed in the page while the file uploads. */
  filePreviewNote: string;
  /** Under the stored dataset's first rows, once the upload is done. */
  storedPreviewNote: string;
  datasets: string;
  datasetSummary: string;
  column: string;
  nulls: string;
  distinct: string;
  min: string;
  max: string;
  mean: string;
  topValues: string;
  suggestions: string;
  apply: string;
  preview: string;
  kindInteger: string;
  kindNumber: string;
  kindString: string;
  kindBoolean: string;
  kindDate: string;
  kindTimestamp: string;
  kindOther: string;

  // Insights
  insights: string;
  findInsights: string;
  /** The accessible name of "Find insights": `{name}` is the dataset's name. */
  findInsightsIn: string;
  /** The status line while the analyses run. */
  findingInsights: string;
  /** A run that found nothing worth a card. */
  noInsights: string;
  /** Under cards of an earlier version of the dataset (it was cleaned since): `{version}` is the run's. */
  insightsOlderVersion: string;
  /** The summary of a card's collapsed SQL. */
  insightSql: string;
  askAboutInsight: string;
  /** The follow-up question "Ask about this" puts in the box: `{title}` is the card's title. */
  insightQuestion: string;

  // Memory and glossary
  memory: string;
  memoryIntro: string;
  memorySummary: string;
  /** The label of the preferences box, one preference a line. */
  memoryPreferences: string;
  memoryLoading: string;
  memoryUnavailable: string;
  saved: string;
  glossary: string;
  glossaryIntro: string;
  /** Each entry's group: `{number}` counts from 1. */
  glossaryEntry: string;
  glossaryTerm: string;
  glossaryMeaning: string;
  glossarySql: string;
  addGlossaryTerm: string;
  /** The accessible name of an entry's remove button: `{number}` counts from 1. */
  removeGlossaryTerm: string;
  /** Above the server's reason when it refused the glossary: nothing was saved. */
  glossaryRefused: string;

  // Documents
  documents: string;
  /** While a document is read and indexed. */
  documentProcessing: string;
  /** While a document's bytes go up. */
  documentUploading: string;
  documentFailed: string;
  /** A processed document's size: `{pages}` and `{passages}` are `pageCount` and `passageCount`. */
  documentSummary: string;
  pageCount: string;
  pageCountOne: string;
  passageCount: string;
  passageCountOne: string;
  /** The accessible name of a document's remove button. */
  removeDocument: string;
  /** The documents' status line: every one is processed. */
  documentsReady: string;
  /** The documents' status line while some are uploading or being read. */
  documentsReading: string;
  /** The documents' status line when some could not be read. */
  documentsFailed: string;

  // Suggested questions
  suggestedQuestions: string;
  askRowCount: string;
  askAverageBy: string;
  askTotalBy: string;
  /** A trend of an amount, summed per time bucket. */
  askOverTime: string;
  /** A trend of a level (a temperature, a price), averaged per time bucket. */
  askAverageOverTime: string;
  askMostCommon: string;

  // Conversation
  conversation: string;
  emptyConversation: string;
  loadingMessages: string;
  you: string;
  assistant: string;
  edited: string;
  editQuestion: string;
  questionText: string;
  regenerate: string;
  statusPlanning: string;
  statusQuerying: string;
  statusRepairing: string;
  statusCharting: string;
  statusRetrieving: string;
  statusAnswering: string;
  statusWorking: string;

  // Answer parts
  copySql: string;
  copied: string;
  sqlQuery: string;
  resultTable: string;
  rowsShown: string;
  rowCount: string;
  nullValue: string;
  chart: string;
  chartLoading: string;
  chartFailed: string;
  toolTrace: string;
  toolInput: string;
  toolOutput: string;
  toolFailed: string;
  sources: string;
  page: string;
  errorTitle: string;
  ungroundedWarning: string;
  downloadFile: string;
  imageOmitted: string;

  // Answer actions
  downloadExcel: string;
  downloadCsv: string;
  downloadChart: string;
  thumbsUp: string;
  thumbsDown: string;
  feedbackComment: string;
  sendFeedback: string;
  feedbackThanks: string;

  // Composer
  askQuestion: string;
  askPlaceholder: string;
  send: string;
  stop: string;

  // Errors
  retry: string;
  dismiss: string;
}

/** The English defaults. */
export const defaultStrings: QuarryStrings = {
  sessions: "Conversations",
  newSession: "New conversation",
  searchSessions: "Search conversations",
  untitledSession: "Untitled",
  noSessions: "No conversations yet.",
  loadingSessions: "Loading conversations…",
  rename: "Rename",
  renameLabel: "Conversation title",
  save: "Save",
  cancel: "Cancel",
  pin: "Pin",
  unpin: "Unpin",
  archive: "Archive",
  unarchive: "Unarchive",
  archived: "Archived",
  delete: "Delete",
  confirmDelete: "Delete for good",

  model: "Model",

  addFiles: "Add files",
  filesToUpload: "Files to upload",
  dropFiles: "Drop CSV, Excel, JSON, Parquet, PDF, text or Markdown files here",
  uploads: "Uploads",
  uploadFailed: "Failed",
  uploadDone: "Done",
  uploadProgress: "Uploading {fileName}",
  uploadPreview: "First rows of {fileName}",
  filePreviewNote: "First {rows} rows as the file has them; types and statistics follow once it is loaded",
  storedPreviewNote: "First {rows} of {total} rows",
  datasets: "Data",
  datasetSummary: "{rows} rows · {columns} columns",
  column: "Column",
  nulls: "Empty",
  distinct: "Distinct",
  min: "Min",
  max: "Max",
  mean: "Mean",
  topValues: "Most common",
  suggestions: "Cleaning suggestions",
  apply: "Apply",
  preview: "First rows",
  kindInteger: "whole number",
  kindNumber: "number",
  kindString: "text",
  kindBoolean: "yes/no",
  kindDate: "date",
  kindTimestamp: "date and time",
  kindOther: "other",

  insights: "Insights",
  findInsights: "Find insights",
  findInsightsIn: "Find insights in {name}",
  findingInsights: "Looking for trends, movers, outliers and correlations…",
  noInsights: "Nothing stood out in this data.",
  insightsOlderVersion: "These insights are from version {version}; run again for the latest.",
  insightSql: "The SQL behind this",
  askAboutInsight: "Ask about this",
  insightQuestion: "{title}: tell me more",

  memory: "Memory",
  memoryIntro: "What Quarry remembers of this conversation; later answers follow it.",
  memorySummary: "Summary",
  memoryPreferences: "Preferences (one a line)",
  memoryLoading: "Loading the memory…",
  memoryUnavailable: "This server keeps no memory.",
  saved: "Saved",
  glossary: "Glossary",
  glossaryIntro: "Business terms and how to compute them; answers use them.",
  glossaryEntry: "Term {number}",
  glossaryTerm: "Term",
  glossaryMeaning: "Meaning",
  glossarySql: "SQL expression (optional)",
  addGlossaryTerm: "Add term",
  removeGlossaryTerm: "Remove term {number}",
  glossaryRefused: "The glossary was not saved",

  documents: "Documents",
  documentProcessing: "Reading…",
  documentUploading: "Uploading {fileName}",
  documentFailed: "Failed",
  documentSummary: "{pages} · {passages}",
  pageCount: "{count} pages",
  pageCountOne: "1 page",
  passageCount: "{count} passages",
  passageCountOne: "1 passage",
  removeDocument: "Remove {fileName}",
  documentsReady: "Ready: ask about them",
  documentsReading: "Reading the documents…",
  documentsFailed: "{count} could not be read; remove them or upload them again",

  suggestedQuestions: "Try asking",
  askRowCount: "How many rows are there?",
  askAverageBy: "Average {measure} by {category}",
  askTotalBy: "Total {measure} by {category}",
  askOverTime: "Total {measure} over time",
  askAverageOverTime: "Average {measure} over time",
  askMostCommon: "How many rows per {category}?",

  conversation: "Conversation",
  emptyConversation: "Add data or a document and ask a question about it.",
  loadingMessages: "Loading the conversation…",
  you: "You",
  assistant: "Quarry",
  edited: "edited",
  editQuestion: "Edit question",
  questionText: "Question",
  regenerate: "Regenerate",
  statusPlanning: "Planning",
  statusQuerying: "Querying the data",
  statusRepairing: "Fixing the query",
  statusCharting: "Drawing a chart",
  statusRetrieving: "Searching the documents",
  statusAnswering: "Writing the answer",
  statusWorking: "Working",

  copySql: "Copy SQL",
  copied: "Copied",
  sqlQuery: "SQL",
  resultTable: "Result",
  rowsShown: "Showing {shown} of {total} rows",
  rowCount: "{rows} rows",
  nullValue: "null",
  chart: "Chart",
  chartLoading: "Drawing the chart…",
  chartFailed: "The chart could not be drawn.",
  toolTrace: "How this was answered ({count} steps)",
  toolInput: "Input",
  toolOutput: "Output",
  toolFailed: "failed",
  sources: "Sources",
  page: "page {page}",
  errorTitle: "Something went wrong",
  ungroundedWarning: "These numbers could not be checked against the data: {numbers}",
  downloadFile: "Download {fileName}",
  imageOmitted: "[image: {alt}]",

  downloadExcel: "Download Excel",
  downloadCsv: "Download CSV",
  downloadChart: "Download chart",
  thumbsUp: "Thumbs up",
  thumbsDown: "Thumbs down",
  feedbackComment: "Comment (optional)",
  sendFeedback: "Send comment",
  feedbackThanks: "Thanks for the feedback.",

  askQuestion: "Ask a question",
  askPlaceholder: "Ask about your data…",
  send: "Send",
  stop: "Stop",

  retry: "Retry",
  dismiss: "Dismiss",
};

/** Fills `{name}` placeholders; an unknown placeholder stays as written. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The status line's words for a turn status. */
export function statusText(strings: QuarryStrings, status: TurnStatus | null): string {
  switch (status) {
    case "planning":
      return strings.statusPlanning;
    case "querying":
      return strings.statusQuerying;
    case "repairing":
      return strings.statusRepairing;
    case "charting":
      return strings.statusCharting;
    case "retrieving":
      return strings.statusRetrieving;
    case "answering":
      return strings.statusAnswering;
    default:
      return strings.statusWorking;
  }
}
