import { brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib';

const maxDecodedBytes = 1024 * 1024;

/**
 * The body a client would read from `bytes` sent with Content-Encoding `encoding` (gzip, deflate, br), so the log
 * shows an upstream API's compressed JSON as text. A body cut short by the capture limit decodes as far as it goes.
 * Returns null for an encoding it does not know or bytes that do not decode.
 */
export function decodeContent(bytes: Buffer, encoding: string): Buffer | null {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxDecodedBytes };
  try {
    switch (encoding.trim().toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(bytes, options);
      case 'deflate':
        return inflateSync(bytes, options);
      case 'br':
        return brotliDecompressSync(bytes, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength: maxDecodedBytes });
      default:
        return null;
    }
  } catch {
    return null;
  }
}
