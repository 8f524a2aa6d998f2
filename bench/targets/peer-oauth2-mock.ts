import { OAuth2Server } from 'oauth2-mock-server';

/** The peer: axa-group's oauth2-mock-server, an Express OAuth server, with its usual RS256 signing key. */
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(0, '127.0.0.1');
console.log(`listening ${server.address().port}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
