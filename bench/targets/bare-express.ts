import { createServer } from 'node:http';
import express from 'express';
import { withStableShapes } from '../../server/http/stable-shapes';

/**
 * The baseline: a bare Express 5 JSON route, as Express serves it. With BARE_STABLE_SHAPES=1 (for context) served
 * through withStableShapes, as Handshake serves its own apps.
 */
const app = express();
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});

/**
 * For context, not a goal: what any Express token endpoint pays before doing anything — read and parse a JSON body,
 * answer a token-shaped JSON. No client check, no tokens, no store, no recording.
 */
const tokenShapedAnswer = {
  access_token: `hsa_${'a'.repeat(43)}`,
  token_type: 'bearer',
  expires_in: 3600,
  refresh_token: `hsr_${'r'.repeat(43)}`,
  scope: '',
};
app.post('/token', express.json(), (req, res) => {
  res.json(typeof req.body === 'object' ? tokenShapedAnswer : {});
});
const server = createServer(process.env.BARE_STABLE_SHAPES === '1' ? withStableShapes(app) : app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
