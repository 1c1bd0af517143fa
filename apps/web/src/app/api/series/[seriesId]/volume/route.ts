/** GET /api/series/:seriesId/volume — streams the stored, de-identified NIfTI (.nii.gz) to the viewer. */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { appContext } from '../../../../../server/services/app-context.ts';
import { seriesVolumeFile } from '../../../../../server/services/series.ts';
import { httpStatusOf } from '../../../../../server/trpc/error-mapping.ts';
import { seriesIdSchema } from '../../../../../server/trpc/ids.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ seriesId: string }> }): Promise<Response> {
  const parsed = seriesIdSchema.safeParse((await params).seriesId);
  if (!parsed.success) return Response.json({ error: { code: 'BAD_REQUEST', message: 'invalid series id' } }, { status: 400 });
  try {
    const file = await seriesVolumeFile(appContext(), parsed.data);
    const body = Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(file.sizeBytes),
        'content-disposition': 'inline; filename="ct.nii.gz"',
        etag: `"${file.sha256}"`,
        'cache-control': 'private, max-age=31536000, immutable',
      },
    });
  } catch (e) {
    const { status, code, message } = httpStatusOf(e);
    return Response.json({ error: { code, message } }, { status });
  }
}
