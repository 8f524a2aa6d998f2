import type { RequestHandler } from 'express';
import { refuse } from './control-error-response';
import { tokenMatches } from './control-token';

/** Every /api request carries `Authorization: Bearer <token>`. */
export function bearerAuth(token: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(req.headers.authorization ?? '');
    if (match && tokenMatches(match[1], token)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="handshake-control"');
    refuse(
      res,
      'unauthorized',
      match
        ? 'The control token is wrong. It is in the control-token file of the data folder.'
        : 'Send the control token as "Authorization: Bearer <token>". It is in the control-token file of the data folder.',
    );
  };
}
