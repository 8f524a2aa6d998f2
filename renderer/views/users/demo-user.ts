/** Mirrors demoUserEmail (server/core/first-run.ts): the user a first start creates, its password printed once. */
export const demoUserEmail = 'demo@handshake.local';
