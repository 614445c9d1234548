import type { MessagePart, ToolPart } from "@quarry/core";
import { ChartPart } from "./parts/chart-part.js";
import { CitationsPart } from "./parts/citations-part.js";
import { ErrorPart } from "./parts/error-part.js";
import { FilePart } from "./parts/file-part.js";
import { SqlPart } from "./parts/sql-part.js";
import { TablePart } from "./parts/table-part.js";
import { TextPart } from "./parts/text-part.js";
import { ToolTrace } from "./parts/tool-trace.js";
import { UngroundedWarning } from "./parts/ungrounded-warning.js";

/** Props of {@link AnswerBody}. */
export interface AnswerBodyProps {
  parts: readonly MessagePart[];
  /** Numbers of the text no result supports (the answer's `metadata.ungrounded`). */
  ungrounded?: readonly string[];
  /** Text still arriving, shown after the stored text parts. */
  streamingText?: string;
}

/**
 * An answer's parts, in reading order: the tool trace (collapsed), the text and its warning, then the SQL,
 * table, chart, sources, files and any error as they came.
 */
export function AnswerBody({ parts, ungrounded, streamingText }: AnswerBodyProps) {
  const tools = parts.filter((part): part is ToolPart => part.type === "tool");
  const texts = parts.flatMap((part) => (part.type === "text" ? [part.text] : []));
  const hasTable = parts.some((part) => part.type === "table");
  const rest = parts.filter((part) => part.type !== "tool" && part.type !== "text");
  return (
    <div className="quarry-answer-body">
      <ToolTrace parts={tools} />
      {texts.map((text, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: text parts have no id and never reorder.
        <TextPart key={index} text={text} />
      ))}
      {streamingText !== undefined && (
        // Present before the first word arrives, so screen readers announce what is added to it.
        <div className="quarry-streaming-text" aria-live="polite">
          {streamingText !== "" && <TextPart text={streamingText} streaming />}
        </div>
      )}
      {ungrounded && ungrounded.length > 0 && <UngroundedWarning numbers={ungrounded} />}
      {rest.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id and never reorder.
        <PartView key={index} part={part} hasTable={hasTable} />
      ))}
    </div>
  );
}

/** One part other than text and tool calls (which {@link AnswerBody} lays out itself). */
function PartView({ part, hasTable }: { part: MessagePart; hasTable: boolean }) {
  switch (part.type) {
    case "sql":
      return <SqlPart part={part} />;
    case "table":
      return <TablePart part={part} />;
    case "chart":
      return <ChartPart part={part} hasTable={hasTable} />;
    case "citations":
      return <CitationsPart part={part} />;
    case "file":
      return <FilePart part={part} />;
    case "error":
      return <ErrorPart part={part} />;
    default:
      return null;
  }
}

/** The ungrounded numbers an answer's metadata lists, if it is a list of strings. */
export function ungroundedOf(metadata: { [key: string]: unknown }): string[] {
  const value = metadata.ungrounded;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
