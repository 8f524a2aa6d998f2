/** The "Mint tokens like" choices (Settings.tokenShape); each has a module in this folder. */
export const tokenShapeIds = [
  'handshake',
  'auth0',
  'okta',
  'keycloak',
  'cognito',
  'workos',
  'clerk',
  'descope',
  'stytch',
  'entra',
] as const;
export type TokenShapeId = (typeof tokenShapeIds)[number];
