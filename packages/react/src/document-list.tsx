import type { SessionDocumentFile, SessionDocuments, UploadState } from "@quarry/core/client";
import { useState } from "react";
import { run } from "./download.js";
import { formatCount } from "./format-value.js";
import { format, type QuarryStrings } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link DocumentList}. */
export interface DocumentListProps {
  documents: SessionDocuments;
  /** Every upload; those of documents still going up are listed ahead of the stored files. */
  uploads: readonly UploadState[];
}

/**
 * The session's documents, each with its status in words (never by colour alone): being uploaded, being
 * read, processed with its pages and passages, or failed with the reason. Each stored file has a remove
 * button named after it; a status line sums them up for assistive technology as they change.
 */
export function DocumentList({ documents, uploads }: DocumentListProps) {
  const { strings } = useWidget();
  const sending = uploads.filter((u) => u.kind === "document" && u.state === "uploading");
  if (documents.files.length === 0 && sending.length === 0) return null;
  const failed = documents.files.filter((f) => f.status === "failed").length;
  const reading = sending.length > 0 || documents.files.some((f) => f.status === "processing");
  const summary = reading
    ? strings.documentsReading
    : failed > 0
      ? format(strings.documentsFailed, { count: formatCount(failed) })
      : strings.documentsReady;
  return (
    <section className="quarry-documents" aria-label={strings.documents}>
      <h3 className="quarry-part-header">{strings.documents}</h3>
      <ul>
        {sending.map((upload) => (
          <SendingDocument key={upload.id} upload={upload} />
        ))}
        {documents.files.map((file) => (
          <StoredDocument key={file.documentId} file={file} />
        ))}
      </ul>
      <p className="quarry-muted quarry-documents-status" role="status">
        {summary}
      </p>
    </section>
  );
}

/** A document whose bytes are going up; once they are all out, the server is reading it. */
function SendingDocument({ upload }: { upload: UploadState }) {
  const { strings } = useWidget();
  const percent = upload.total > 0 ? Math.min(100, Math.round((upload.loaded / upload.total) * 100)) : 100;
  return (
    <li className="quarry-document quarry-document-processing">
      <span className="quarry-document-name">{upload.fileName}</span>
      {percent < 100 ? (
        <span className="quarry-document-state">
          <progress
            max={100}
            value={percent}
            aria-label={format(strings.documentUploading, { fileName: upload.fileName })}
          />
          <span className="quarry-muted">{percent}%</span>
        </span>
      ) : (
        <Reading strings={strings} />
      )}
    </li>
  );
}

function StoredDocument({ file }: { file: SessionDocumentFile }) {
  const { strings, actions } = useWidget();
  const [removing, setRemoving] = useState(false);
  const remove = () => {
    setRemoving(true);
    run(actions.removeDocument(file.documentId).finally(() => setRemoving(false)));
  };
  return (
    <li className={`quarry-document quarry-document-${file.status}`}>
      <span className="quarry-document-name">{file.fileName}</span>
      {file.status === "processing" && <Reading strings={strings} />}
      {file.status === "processed" && (
        <span className="quarry-document-state quarry-muted">{processedSummary(file, strings)}</span>
      )}
      {file.status === "failed" && (
        <span className="quarry-document-state quarry-upload-error">
          {strings.documentFailed}
          {file.error ? `: ${file.error}` : ""}
        </span>
      )}
      <button
        type="button"
        className="quarry-button quarry-button-small quarry-quiet quarry-document-remove"
        aria-label={format(strings.removeDocument, { fileName: file.fileName })}
        title={format(strings.removeDocument, { fileName: file.fileName })}
        disabled={removing}
        onClick={remove}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </li>
  );
}

/** A spinner with words: the spinner alone says nothing to a screen reader, and stops under reduced motion. */
function Reading({ strings }: { strings: QuarryStrings }) {
  return (
    <span className="quarry-document-state quarry-status">
      <span className="quarry-spinner" aria-hidden="true" />
      {strings.documentProcessing}
    </span>
  );
}

function processedSummary(file: SessionDocumentFile, strings: QuarryStrings): string {
  const passages =
    file.chunks === 1
      ? strings.passageCountOne
      : format(strings.passageCount, { count: formatCount(file.chunks) });
  if (file.pages === null) return passages;
  const pages =
    file.pages === 1 ? strings.pageCountOne : format(strings.pageCount, { count: formatCount(file.pages) });
  return format(strings.documentSummary, { pages, passages });
}
