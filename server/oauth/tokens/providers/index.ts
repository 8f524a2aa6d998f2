import { auth0Shape } from './auth0';
import { clerkShape } from './clerk';
import { cognitoShape } from './cognito';
import { descopeShape } from './descope';
import { entraShape } from './entra';
import { handshakeShape } from './handshake';
import { keycloakShape } from './keycloak';
import { oktaShape } from './okta';
import { stytchShape } from './stytch';
import type { TokenShape } from './token-shape';

export { type TokenShapeId, tokenShapeIds } from './shape-ids';

import type { TokenShapeId } from './shape-ids';
import { workosShape } from './workos';

/** Every "Mint tokens like" choice, in the order Settings lists them. */
export const tokenShapes: Record<TokenShapeId, TokenShape> = {
  handshake: handshakeShape,
  auth0: auth0Shape,
  okta: oktaShape,
  keycloak: keycloakShape,
  cognito: cognitoShape,
  workos: workosShape,
  clerk: clerkShape,
  descope: descopeShape,
  stytch: stytchShape,
  entra: entraShape,
};
