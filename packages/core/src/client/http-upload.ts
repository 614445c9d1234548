import { QuarryError } from "../errors/quarry-error.js";
import type { UploadProgress } from "./chat-transport.js";
import { errorFromResponse, requestError } from "./response-error.js";

/** One multipart upload request. */
export interface UploadRequest {
  url: string;
  /** Sent in the `file` field, one part each. */
  files: readonly File[];
  headers: Headers;
  credentials?: RequestCredentials;
  onProgress?: UploadProgress;
  signal?: AbortSignal;
}

function formOf(files: readonly File[]): FormData {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  return form;
}

/**
 * POSTs files as `multipart/form-data` and gives the response's JSON. In a browser (`XMLHttpRequest`
 * exists and no `fetch` was given) progress is reported as the bytes go out, since `fetch` cannot report
 * upload progress; otherwise it goes through `fetch` and progress is reported once, when it is done.
 */
export async function postFiles(
  request: UploadRequest,
  fetchImpl: typeof fetch | undefined,
): Promise<unknown> {
  const Xhr = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
  if (!fetchImpl && Xhr) return postWithXhr(request, Xhr);
  const size = request.files.reduce((sum, file) => sum + file.size, 0);
  let response: Response;
  try {
    response = await (fetchImpl ?? globalThis.fetch)(request.url, {
      method: "POST",
      headers: request.headers,
      body: formOf(request.files),
      ...(request.credentials ? { credentials: request.credentials } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    throw requestError(error);
  }
  if (!response.ok) throw await errorFromResponse(response);
  const body = await response.json();
  request.onProgress?.(size, size);
  return body;
}

function postWithXhr(request: UploadRequest, Xhr: typeof XMLHttpRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(requestError(request.signal.reason));
    const xhr = new Xhr();
    xhr.open("POST", request.url);
    request.headers.forEach((value, name) => {
      // The browser sets the multipart boundary itself.
      if (name.toLowerCase() !== "content-type") xhr.setRequestHeader(name, value);
    });
    xhr.withCredentials = request.credentials === "include";
    xhr.responseType = "text";
    const abort = () => xhr.abort();
    request.signal?.addEventListener("abort", abort, { once: true });
    const settle = () => request.signal?.removeEventListener("abort", abort);
    // Progress counts the multipart body, framing included; the last report says all of it went out.
    let total = request.files.reduce((sum, file) => sum + file.size, 0);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      total = event.total;
      request.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      settle();
      if (xhr.status < 200) return reject(requestError(new TypeError("The upload got no answer.")));
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: headersOf(xhr.getAllResponseHeaders()),
      });
      if (!response.ok) return void errorFromResponse(response).then(reject, reject);
      response.json().then((body: unknown) => {
        request.onProgress?.(total, total);
        resolve(body);
      }, reject);
    };
    xhr.onerror = () => {
      settle();
      reject(requestError(new TypeError("The upload failed: the network request did not complete.")));
    };
    xhr.onabort = () => {
      settle();
      reject(new QuarryError("ABORTED", "The upload was stopped."));
    };
    xhr.send(formOf(request.files));
  });
}

/** The raw `getAllResponseHeaders()` text as `Headers`. */
function headersOf(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
