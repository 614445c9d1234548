import { acceptedUploads } from "@quarry/core/client";
import { type DragEvent, type ReactNode, useRef, useState } from "react";
import { useWidget } from "./widget-context.js";

/** Props of {@link DropZone}. */
export interface DropZoneProps {
  className?: string;
  onFiles(files: File[]): void;
  children: ReactNode;
}

/**
 * An area files can be dropped on (it says so while files are dragged over it). Dropping is a shortcut for
 * pointer users; "Add files" in the composer is the keyboard way.
 */
export function DropZone({ className, onFiles, children }: DropZoneProps) {
  const { strings } = useWidget();
  const [dragging, setDragging] = useState(false);
  // Enter and leave fire for every child crossed; count them to know when the files really left.
  const depth = useRef(0);

  const hasFiles = (event: DragEvent) => event.dataTransfer?.types?.includes("Files") ?? false;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drop target only; the file input is the accessible way.
    <div
      className={[className, dragging ? "quarry-dragging" : ""].join(" ").trim()}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = [...(event.dataTransfer?.files ?? [])];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {dragging && (
        <div className="quarry-drop-overlay" aria-hidden="true">
          {strings.dropFiles}
        </div>
      )}
    </div>
  );
}

/** "Add files": a button that opens the file picker (the input itself stays out of sight and tab order). */
export function AddFilesButton({ onFiles }: { onFiles(files: File[]): void }) {
  const { strings } = useWidget();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="quarry-button quarry-icon-button"
        title={strings.addFiles}
        aria-label={strings.addFiles}
        onClick={() => input.current?.click()}
      >
        <span aria-hidden="true">📎</span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        // What the picker offers; the server decides in the end and says why it refuses a file.
        accept={acceptedUploads}
        aria-label={strings.filesToUpload}
        className="quarry-visually-hidden"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Clear it so choosing the same file again uploads it again.
          event.target.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
