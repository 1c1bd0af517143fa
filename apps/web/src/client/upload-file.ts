'use client';
/**
 * POST one file to the upload route with XMLHttpRequest, so that upload progress can be shown
 * (fetch has no upload progress); the server's ingest progress is then read by id (IngestProgress). Resolves with the ingest outcome, rejects with the server's message.
 */
import type { IngestOutcome } from '../server/services/ingest-upload.ts';

export type UploadPhase = { kind: 'sending'; fraction: number } | { kind: 'ingesting'; progressId: string };

export class UploadFailedError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'UploadFailedError';
    this.status = status;
    this.code = code;
  }
}

/** `progressId` (a random UUID, client/random-id.ts): the server publishes the ingest's progress under it. */
export function uploadFile(
  caseId: string, file: Blob, name: string, onPhase: (p: UploadPhase) => void, progressId: string,
): Promise<IngestOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/cases/${encodeURIComponent(caseId)}/upload?progressId=${encodeURIComponent(progressId)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-upload-name', name.replace(/[^\x20-\x7e]/g, '_'));
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onPhase({ kind: 'sending', fraction: e.loaded / e.total });
    };
    xhr.upload.onload = () => onPhase({ kind: 'ingesting', progressId });
    xhr.onload = () => {
      const body = xhr.response as { error?: { code: string; message: string } } | IngestOutcome | null;
      if (xhr.status === 201 && body && !('error' in body)) resolve(body as IngestOutcome);
      else {
        const err = body && 'error' in body && body.error ? body.error : { code: 'HTTP', message: `upload failed (HTTP ${xhr.status})` };
        reject(new UploadFailedError(xhr.status, err.code, err.message));
      }
    };
    xhr.onerror = () => reject(new UploadFailedError(0, 'NETWORK', 'the upload could not reach the server'));
    xhr.send(file);
  });
}
