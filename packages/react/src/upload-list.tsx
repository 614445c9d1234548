import type { UploadState } from "@quarry/core/client";
import { format } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** Each file being uploaded, with a progress bar, and how it ended. */
export function UploadList({ uploads }: { uploads: readonly UploadState[] }) {
  const { strings } = useWidget();
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
            </li>
          );
        })}
      </ul>
    </section>
  );
}
