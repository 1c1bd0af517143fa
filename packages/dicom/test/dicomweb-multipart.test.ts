/**
 * The WADO-RS multipart/related reader, on a body cut into chunks of every size (a boundary split
 * across chunks, a part holding CR LF and dashes), and its errors on a truncated body.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dicomWebEndpoint, multipartParts } from '../src/dicomweb/index.ts';
import { DicomWebError } from '../src/errors.ts';

const BOUNDARY = 'mewm-test-boundary-0123';

function multipart(parts: Uint8Array[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\nContent-Length: ${p.length}\r\n\r\n`, 'latin1'), Buffer.from(p), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}

async function* cut(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield new Uint8Array(bytes.subarray(i, i + size));
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const p of multipartParts(body, BOUNDARY)) out.push(p);
  return out;
}

describe('multipart/related reader', () => {
  const parts = [randomBytes(3000), Buffer.from('\r\n--not-the-boundary\r\n-- \r\n'), randomBytes(1)];

  it.each([1, 7, 64, 4096, 1 << 20])('gives back every part byte for byte, read in chunks of %i bytes', async (size) => {
    const got = await collect(cut(multipart(parts), size));
    expect(got.map((p) => Buffer.from(p).toString('hex'))).toEqual(parts.map((p) => Buffer.from(p).toString('hex')));
  });

  it('a body without its close delimiter is a DicomWebError', async () => {
    await expect(collect(cut(multipart(parts, false), 100))).rejects.toBeInstanceOf(DicomWebError);
  });
});

describe('DICOMweb endpoint', () => {
  it('takes credentials from the environment only, and refuses them in the URL', () => {
    expect(dicomWebEndpoint('http://pacs:8042/dicom-web/', {})).toEqual({ url: 'http://pacs:8042/dicom-web' });
    expect(dicomWebEndpoint('http://pacs/dicom-web', { MEWM_DICOMWEB_USER: 'a', MEWM_DICOMWEB_PASSWORD: 'b' }).authorization).toBe(`Basic ${Buffer.from('a:b').toString('base64')}`);
    expect(dicomWebEndpoint('https://pacs/dicom-web', { MEWM_DICOMWEB_TOKEN: 't0k' }).authorization).toBe('Bearer t0k');
    expect(() => dicomWebEndpoint('http://a:b@pacs/dicom-web', {})).toThrow(/no credentials in the DICOMweb URL/);
    expect(() => dicomWebEndpoint('ftp://pacs/x', {})).toThrow(/http or https/);
    expect(() => dicomWebEndpoint('not a url', {})).toThrow(/is not a URL/);
  });
});
