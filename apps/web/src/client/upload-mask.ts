'use client';
/** POST a lesion mask file (import, or the viewer's edited drawing) to the mask route; resolves with the lesions. */
import type { CaseLesions } from '../server/services/lesions.ts';
import { UploadFailedError } from './upload-file.ts';

export async function uploadLesionMask(
  caseId: string, seriesId: string, body: Blob, name: string, opts: { drawn?: boolean } = {},
): Promise<CaseLesions> {
  const q = new URLSearchParams({ seriesId, ...(opts.drawn ? { drawn: '1' } : {}) });
  let res: Response;
  try {
    res = await fetch(`/api/cases/${encodeURIComponent(caseId)}/lesion-mask?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-upload-name': name.replace(/[^\x20-\x7e]/g, '_') },
      body,
    });
  } catch {
    throw new UploadFailedError(0, 'NETWORK', 'the mask could not reach the server');
  }
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | CaseLesions | null;
  if (res.status === 201 && json && !('error' in json)) return json as CaseLesions;
  const err = json && 'error' in json && json.error ? json.error : { code: 'HTTP', message: `mask upload failed (HTTP ${res.status})` };
  throw new UploadFailedError(res.status, err.code, err.message);
}
