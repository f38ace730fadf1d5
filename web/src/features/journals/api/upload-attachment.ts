import { ApiError, resolveApiUrl } from '../../../lib/api-client';
import { readCookie } from '../../../lib/cookies';
import type { Attachment } from '../types';

// XMLHttpRequest rather than fetch: it reports upload progress, which fetch still cannot without
// streaming request bodies (not in every browser, and not over HTTP/1.1).

const FALLBACK_MESSAGES: Record<number, string> = {
  409: 'This note already has as many attachments as it can hold (20). Remove one first.',
  413: 'That file is too large, or your storage is full.',
  415: 'That kind of file cannot be attached. Attach a PDF, a JPEG, PNG, WebP or GIF image, or a plain text file.',
};

function errorFrom(xhr: XMLHttpRequest): ApiError {
  let code = `http_${xhr.status}`;
  let message = '';
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy's page): the status has to do.
  }
  if (!message) {
    message =
      FALLBACK_MESSAGES[xhr.status] ??
      (xhr.status === 0
        ? 'Could not reach the server. Check your connection and try again.'
        : 'The file could not be attached. Please try again.');
  }
  return new ApiError({ status: xhr.status, code, message });
}

/** Sends one file to a note; `onProgress` gets the share sent so far (0 to 1). */
export function uploadAttachment(
  noteId: number,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', resolveApiUrl(`/api/notes/${noteId}/attachments`));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = readCookie('bt_csrf');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as Attachment);
        } catch {
          reject(errorFrom(xhr));
        }
      } else {
        reject(errorFrom(xhr));
      }
    });
    xhr.addEventListener('error', () => reject(errorFrom(xhr)));
    xhr.addEventListener('abort', () => reject(errorFrom(xhr)));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
