import express, { type Router } from 'express';
import { protocolCors } from '../../http/cors';
import { userInfoPath } from '../../oauth/authorization-server-metadata';
import { bearerAuth, createBearerAuthentication } from '../../oauth/bearer-authentication';
import { hasScope } from '../../oauth/tokens/token-subject';
import { addNote } from '../../traffic/annotations';
import { bodyLimit } from '../body-parsers';
import type { PublicContext } from '../public-context';

/**
 * OpenID Connect UserInfo (Core §5.3), GET and POST with a Bearer access token (RFC 6750 errors, CORS): `sub`, and
 * `email` + `email_verified` with the email scope, `name` with the profile scope. OpenAI's workspace domain
 * restrictions read the verified email here.
 */
export function mountUserInfoRoute(router: Router, context: PublicContext): void {
  const authenticate = createBearerAuthentication(
    context.store,
    (req) => ({ identifier: `${context.baseUrl(req)}${userInfoPath}`, anyAudience: true }),
    'userinfo',
  );
  const answer: express.RequestHandler = (_req, res) => {
    const { user, grant } = bearerAuth(res);
    if (!hasScope(grant.scope, 'openid'))
      addNote(
        res,
        'warn',
        'userinfo_without_openid',
        `This access token was granted without the openid scope ("${grant.scope || 'no scope'}"). Strict OpenID providers refuse it at UserInfo; Handshake answers, but ask for openid (and email) as ChatGPT does.`,
      );
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      sub: user.id,
      ...(hasScope(grant.scope, 'email') ? { email: user.email, email_verified: user.emailVerified } : {}),
      ...(hasScope(grant.scope, 'profile') && user.name ? { name: user.name } : {}),
    });
  };
  router.options(userInfoPath, protocolCors);
  router.get(userInfoPath, protocolCors, authenticate, answer);
  router.post(userInfoPath, protocolCors, express.urlencoded({ limit: bodyLimit, extended: false }), authenticate, answer);
}
