import type { FilePart as FilePartData } from "@quarry/core";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/** A file an answer produced; a link when it has a web address, its name otherwise. */
export function FilePart({ part }: { part: FilePartData }) {
  const strings = useStrings();
  const safe = part.url !== undefined && /^(https?:|blob:|\/)/i.test(part.url);
  return (
    <div className="quarry-file">
      {safe ? (
        <a href={part.url} download={part.fileName} rel="noopener noreferrer">
          {format(strings.downloadFile, { fileName: part.fileName })}
        </a>
      ) : (
        <span>{part.fileName}</span>
      )}
    </div>
  );
}
