/**
 * GET /api/lesion-masks/:maskId/mask.nii.gz — streams a stored lesion mask (binary NIfTI label map) to
 * the viewer. The path ends in .nii.gz so that NiiVue's loaders (overlay, drawing) know the format.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { appContext } from '../../../../../server/services/app-context.ts';
import { lesionMaskFile } from '../../../../../server/services/lesions.ts';
import { httpStatusOf } from '../../../../../server/trpc/error-mapping.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ maskId: string }> }): Promise<Response> {
  const parsed = z.uuid().safeParse((await params).maskId);
  if (!parsed.success) return Response.json({ error: { code: 'BAD_REQUEST', message: 'invalid lesion mask id' } }, { status: 400 });
  try {
    const file = await lesionMaskFile(appContext(), parsed.data);
    const { size } = await stat(file.path);
    const body = Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(size),
        'content-disposition': 'inline; filename="mask.nii.gz"',
        etag: `"${file.sha256}"`,
        'cache-control': 'private, max-age=31536000, immutable',
      },
    });
  } catch (e) {
    const { status, code, message } = httpStatusOf(e);
    return Response.json({ error: { code, message } }, { status });
  }
}
