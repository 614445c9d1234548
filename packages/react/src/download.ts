/**
 * Saves a blob as a file through a temporary object URL and a detached anchor, so nothing is added to the
 * host page. The URL is released a little later: revoking at once can cancel the download in some browsers.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Runs an action whose failure the client already reports as `state.error` (shown with "Retry"); catching
 * here only keeps the rejection from surfacing a second time as an unhandled one.
 */
export function run(action: Promise<unknown>): void {
  action.catch(() => {});
}
