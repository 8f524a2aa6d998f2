import express, { type Request } from 'express';

export const bodyLimit = '64kb';

/** Keeps the raw bytes for the traffic log, which shows exactly what arrived (masked). */
function keepRaw(req: Request, _res: unknown, buffer: Buffer): void {
  (req as Request & { rawBody?: Buffer }).rawBody = buffer;
}

/** JSON and form bodies are both always accepted: ChatGPT sends either, per authorization_content_type. */
export const parseJsonOrForm = [
  express.json({ limit: bodyLimit, verify: keepRaw, strict: false, type: ['application/json', 'application/*+json'] }),
  express.urlencoded({ limit: bodyLimit, verify: keepRaw, extended: false, parameterLimit: 100 }),
];

/** Express body-parser errors carry `type` and `status`. */
export function isBodyParserError(error: unknown): error is { type: string; status: number; message: string } {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

export function describeBodyParserError(error: { type: string; message: string; limit?: unknown }): string {
  switch (error.type) {
    case 'entity.too.large':
      // The limit of the parser that refused it (the demo API's is smaller than the OAuth endpoints').
      return `the request body is larger than ${typeof error.limit === 'number' ? `${Math.round(error.limit / 1024)}kb` : bodyLimit}`;
    case 'entity.parse.failed':
      return 'the request body is not valid JSON';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'the request body uses an unsupported encoding or charset';
    case 'parameters.too.many':
      return 'the request body has too many fields';
    default:
      return 'the request body could not be read';
  }
}
