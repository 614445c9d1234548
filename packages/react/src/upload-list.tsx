import type { UploadPreview, UploadState } from "@quarry/core/client";
import { DataTable } from "./data-table.js";
import { formatCount } from "./format-value.js";
import { format } from "./strings.js";
import { useWidget } from "./widget-context.js";

/**
 * Each dataset file being uploaded, with a progress bar, and how it ended; under it, its first rows: parsed
 * in the page as soon as the file was picked, then the stored dataset's once the upload is done. Documents
 * show in the documents list instead, except an upload that failed outright (too large, offline), which has
 * no stored file to show it.
 */
export function UploadList({ uploads: all }: { uploads: readonly UploadState[] }) {
  const { strings } = useWidget();
  const uploads = all.filter((u) => u.kind === "dataset" || u.state === "failed");
  if (uploads.length === 0) return null;
  return (
    <section className="quarry-uploads" aria-label={strings.uploads}>
      <ul>
        {uploads.map((upload) => {
          const percent =
            upload.total > 0 ? Math.min(100, Math.round((upload.loaded / upload.total) * 100)) : 0;
          return (
            <li key={upload.id} className={`quarry-upload quarry-upload-${upload.state}`}>
              <span className="quarry-upload-name">{upload.fileName}</span>
              {upload.state === "uploading" && (
                <>
                  <progress
                    max={100}
                    value={percent}
                    aria-label={format(strings.uploadProgress, { fileName: upload.fileName })}
                  />
                  <span className="quarry-muted">{percent}%</span>
                </>
              )}
              {upload.state === "done" && <span className="quarry-muted">{strings.uploadDone}</span>}
              {upload.state === "failed" && (
                <span className="quarry-upload-error">
                  {strings.uploadFailed}
                  {upload.error ? `: ${upload.error}` : ""}
                </span>
              )}
              {upload.state !== "failed" && upload.preview && upload.preview.rows.length > 0 && (
                <UploadPreviewTable fileName={upload.fileName} preview={upload.preview} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function UploadPreviewTable({ fileName, preview }: { fileName: string; preview: UploadPreview }) {
  const { strings } = useWidget();
  const rows = formatCount(preview.rows.length);
  const note =
    preview.source === "server" && preview.rowCount !== null
      ? format(strings.storedPreviewNote, { rows, total: formatCount(preview.rowCount) })
      : format(strings.filePreviewNote, { rows });
  return (
    <div className={`quarry-upload-preview quarry-upload-preview-${preview.source}`}>
      <DataTable
        columns={preview.columns}
        rows={preview.rows}
        label={format(strings.uploadPreview, { fileName })}
      />
      <span className="quarry-muted">{note}</span>
    </div>
  );
}
