import type { CleaningSuggestion, ColumnKind, ColumnProfile, Dataset } from "@quarry/core";
import type { ChatError, DatasetInsightsState, DatasetWithPreview } from "@quarry/core/client";
import { useId, useState } from "react";
import { DataTable } from "./data-table.js";
import { run } from "./download.js";
import { formatCount, formatStat, formatValue } from "./format-value.js";
import { GlossaryEditor } from "./glossary-editor.js";
import { InsightsSection } from "./insights-section.js";
import { ScrollRegion } from "./scroll-region.js";
import { format, type QuarryStrings } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link DatasetPanel}. */
export interface DatasetPanelProps {
  datasets: readonly (Dataset | DatasetWithPreview)[];
  /** The datasets' insights, by dataset id (`ChatState.insights`). */
  insights: Readonly<Record<string, DatasetInsightsState>>;
  /** The client's error: a refused glossary is shown in its dataset's editor. */
  error: ChatError | null;
}

/**
 * The session's datasets: their columns and statistics, cleaning suggestions, first rows, insights and
 * glossary.
 */
export function DatasetPanel({ datasets, insights, error }: DatasetPanelProps) {
  const { strings } = useWidget();
  if (datasets.length === 0) return null;
  return (
    <section className="quarry-datasets" aria-label={strings.datasets}>
      <h3 className="quarry-part-header">{strings.datasets}</h3>
      {datasets.map((dataset) => (
        <DatasetCard
          key={dataset.id}
          dataset={dataset}
          open={datasets.length === 1}
          insights={insights[dataset.id]}
          glossaryError={error?.action === "glossary" && error.datasetId === dataset.id ? error : null}
        />
      ))}
    </section>
  );
}

interface DatasetCardProps {
  dataset: Dataset | DatasetWithPreview;
  open: boolean;
  insights: DatasetInsightsState | undefined;
  glossaryError: ChatError | null;
}

function DatasetCard({ dataset, open, insights, glossaryError }: DatasetCardProps) {
  const { strings } = useWidget();
  // Whether the reader has it open: its insights are asked for only then.
  const [shown, setShown] = useState(open);
  return (
    <details className="quarry-dataset" open={open} onToggle={(event) => setShown(event.currentTarget.open)}>
      <summary>
        <span className="quarry-dataset-name">{dataset.name}</span>{" "}
        <span className="quarry-muted">
          {format(strings.datasetSummary, {
            rows: formatCount(dataset.rowCount),
            columns: formatCount(dataset.columns.length),
          })}
        </span>
      </summary>
      <ColumnTable columns={dataset.columns} />
      {dataset.suggestions.length > 0 && <Suggestions dataset={dataset} />}
      {"preview" in dataset && dataset.preview.rows.length > 0 && (
        <details className="quarry-preview">
          <summary>{strings.preview}</summary>
          <DataTable columns={dataset.preview.columns} rows={dataset.preview.rows} label={strings.preview} />
        </details>
      )}
      <GlossaryEditor dataset={dataset} error={glossaryError} />
      <InsightsSection dataset={dataset} insights={insights} shown={shown} />
    </details>
  );
}

function ColumnTable({ columns }: { columns: readonly ColumnProfile[] }) {
  const { strings } = useWidget();
  return (
    <ScrollRegion className="quarry-table-scroll quarry-columns" label={strings.column}>
      <table className="quarry-table">
        <thead>
          <tr>
            <th scope="col">{strings.column}</th>
            <th scope="col">{strings.nulls}</th>
            <th scope="col">{strings.distinct}</th>
            <th scope="col">{strings.min}</th>
            <th scope="col">{strings.max}</th>
            <th scope="col">{strings.mean}</th>
            <th scope="col">{strings.topValues}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name}>
              <th scope="row">
                <KindBadge kind={column.kind} type={column.type} strings={strings} />
                {column.name}
              </th>
              <td className="quarry-num">
                {formatCount(column.nullCount)}
                {column.nullCount > 0 && (
                  <span className="quarry-muted"> ({Math.round(column.nullRate * 1000) / 10}%)</span>
                )}
              </td>
              <td className="quarry-num">{formatCount(column.distinctCount)}</td>
              <td className="quarry-num">{formatStat(column.min)}</td>
              <td className="quarry-num">{formatStat(column.max)}</td>
              <td className="quarry-num">{formatStat(column.mean)}</td>
              <td>
                {(column.topValues ?? [])
                  .slice(0, 3)
                  .map((top) => `${formatValue(top.value, strings.nullValue)} (${formatCount(top.count)})`)
                  .join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const kindGlyphs: Record<ColumnKind, string> = {
  integer: "123",
  number: "1.5",
  string: "Aa",
  boolean: "✓✗",
  date: "📅",
  timestamp: "🕒",
  other: "{}",
};

/** A column's kind at a glance; the word (and engine type) for assistive technology and on hover. */
function KindBadge({ kind, type, strings }: { kind: ColumnKind; type: string; strings: QuarryStrings }) {
  const word = kindWord(kind, strings);
  return (
    <span className={`quarry-kind quarry-kind-${kind}`} title={`${word} (${type})`}>
      <span aria-hidden="true">{kindGlyphs[kind]}</span>
      <span className="quarry-visually-hidden">{word}: </span>
    </span>
  );
}

function kindWord(kind: ColumnKind, strings: QuarryStrings): string {
  const words: Record<ColumnKind, string> = {
    integer: strings.kindInteger,
    number: strings.kindNumber,
    string: strings.kindString,
    boolean: strings.kindBoolean,
    date: strings.kindDate,
    timestamp: strings.kindTimestamp,
    other: strings.kindOther,
  };
  return words[kind];
}

function Suggestions({ dataset }: { dataset: Dataset }) {
  const { strings, actions } = useWidget();
  const [applying, setApplying] = useState<ReadonlySet<string>>(new Set());

  const apply = (suggestion: CleaningSuggestion) => {
    setApplying((current) => new Set(current).add(suggestion.id));
    run(
      actions.cleanDataset(dataset.id, suggestion.operations).finally(() =>
        setApplying((current) => {
          const next = new Set(current);
          next.delete(suggestion.id);
          return next;
        }),
      ),
    );
  };

  return (
    <section className="quarry-cleaning" aria-label={strings.suggestions}>
      <h4 className="quarry-part-header">{strings.suggestions}</h4>
      <ul>
        {dataset.suggestions.map((suggestion) => (
          <SuggestionItem
            key={suggestion.id}
            suggestion={suggestion}
            applying={applying.has(suggestion.id)}
            onApply={() => apply(suggestion)}
          />
        ))}
      </ul>
    </section>
  );
}

interface SuggestionItemProps {
  suggestion: CleaningSuggestion;
  applying: boolean;
  onApply(): void;
}

function SuggestionItem({ suggestion, applying, onApply }: SuggestionItemProps) {
  const { strings } = useWidget();
  const id = useId();
  return (
    <li>
      <span id={id}>{suggestion.message}</span>
      <button
        type="button"
        className="quarry-button quarry-button-small"
        aria-describedby={id}
        disabled={applying}
        onClick={onApply}
      >
        {strings.apply}
      </button>
    </li>
  );
}
