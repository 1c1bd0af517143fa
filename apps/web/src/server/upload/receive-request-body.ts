/**
 * Stream an HTTP request body (one uploaded file, its name in the X-Upload-Name header) to a temporary
 * file in the data dir, with the case's upload size limit enforced while streaming. Used by the CT
 * upload and the lesion-mask upload routes.
 */
import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { ServiceContext } from '../services/context.ts';
import { receiveUpload, type ReceivedUpload } from './receive-upload.ts';

export async function receiveRequestBody(req: Request, ctx: Pick<ServiceContext, 'dataDir' | 'maxUploadBytes'>): Promise<ReceivedUpload> {
  const declared = req.headers.get('content-length');
  return receiveUpload(ctx.dataDir, req.body === null ? null : Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), {
    name: req.headers.get('x-upload-name') ?? '',
    maxBytes: ctx.maxUploadBytes,
    declaredBytes: declared === null ? undefined : Number(declared),
  });
}
