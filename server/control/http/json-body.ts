import express, { type RequestHandler } from 'express';
import { refuse } from './control-error-response';

export const maxBodyBytes = 1024 * 1024;
const jsonTypes = ['application/json', 'application/*+json'];

const verbsWithBody = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Parses JSON request bodies (up to 1 MB) and refuses, with a 400 that says what to send, a body that is not JSON,
 * not parseable or too large. Requests without a body pass untouched; GET and DELETE take their input from the
 * query, so their bodies are ignored.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: maxBodyBytes, type: jsonTypes, strict: true });
  return (req, res, next) => {
    if (!verbsWithBody.has(req.method) || !hasBody(req.headers)) {
      next();
      return;
    }
    if (!req.is(jsonTypes)) {
      refuse(res, 'invalid_input', 'Send the body as JSON with "Content-Type: application/json".');
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      refuse(res, 'invalid_input', describeBodyError(error));
    });
  };
}

function hasBody(headers: { 'transfer-encoding'?: string; 'content-length'?: string }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

function describeBodyError(error: unknown): string {
  const { type, message } = (error ?? {}) as { type?: string; message?: string };
  switch (type) {
    case 'entity.parse.failed':
      return `The body is not valid JSON (${message}).`;
    case 'entity.too.large':
      return `The body is larger than ${maxBodyBytes / 1024 / 1024} MB.`;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'Send the body as UTF-8 JSON without content encoding.';
    default:
      return 'The body could not be read.';
  }
}
