import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidRequest, OAuthError, sendOAuthError } from '../../oauth/oauth-error';
import { annotate } from '../../traffic/annotations';
import type { TrafficKind } from '../../traffic/traffic-entry';
import { describeBodyParserError, isBodyParserError } from '../body-parsers';

/** Wraps a JSON protocol endpoint: OAuthErrors render per RFC 6749 §5.2, anything else is a server_error without details. */
export function oauthEndpoint(handler: (req: Request, res: Response) => Promise<void> | void) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuthError(res, error);
      next(error);
    }
  };
}

/** Body parser failures on protocol endpoints become invalid_request, never an HTML error page. */
export function oauthBodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!isBodyParserError(error)) {
    next(error);
    return;
  }
  const description = describeBodyParserError(error);
  sendOAuthError(
    res,
    new InvalidRequest(description, {
      code: error.type === 'entity.too.large' ? 'body_too_large' : 'body_unreadable',
      message: `The body was refused: ${description}.`,
    }),
  );
}

export function requireFormOrJson(req: Request): void {
  if (req.method !== 'POST') return;
  const type = req.headers['content-type'];
  if (!req.is(['application/json', 'application/*+json', 'application/x-www-form-urlencoded'])) {
    throw new InvalidRequest(`unsupported content type ${type ?? '(none)'}; send application/json or application/x-www-form-urlencoded`, {
      code: 'content_type_unsupported',
      message: `The request's Content-Type is ${type ? `"${type}"` : 'missing'}, so no fields could be read. Use application/json or application/x-www-form-urlencoded.`,
    });
  }
}

/** Marks the request's kind for the traffic log before any parser can refuse it. */
export function trafficKind(kind: TrafficKind): RequestHandler {
  return (_req, res, next) => {
    annotate(res, { kind });
    next();
  };
}
