import { describe, expect, it } from 'vitest';
import { runSigner } from '../../../server/checks/run-signer';
import { AssertionKeys } from '../../../server/oauth/clients/assertion-keys';
import { AssertionReplay } from '../../../server/oauth/clients/assertion-replay';
import { verifyClientAssertion } from '../../../server/oauth/clients/client-assertion';

const clientId = 'https://chatgpt.com/oauth/client.json';
const tokenEndpoint = 'https://abc.ngrok.app/oauth/token';

describe('a check run’s signing key', () => {
  it('is trusted for the client from its first assertion until the run releases it', async () => {
    // Offline: ChatGPT's own jwks_uri cannot be fetched, so only the run's key could verify.
    const keys = new AssertionKeys(async (url) => ({ ok: false, problem: `${url} could not be fetched: offline` }));
    const replay = new AssertionReplay();
    const signer = runSigner((id, jwk) => keys.trustForRun(id, jwk as never));
    const check = (assertion: string, id = clientId) =>
      verifyClientAssertion(
        {
          assertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          assertion,
          clientId: id,
          clientName: 'ChatGPT',
          keySource: { jwksUri: 'https://chatgpt.com/oauth/jwks.json' },
          signingAlg: 'RS256',
          audiences: [tokenEndpoint],
        },
        keys,
        replay,
      );

    expect(await check(await signer.sign(clientId, tokenEndpoint))).toBeNull();
    const later = await signer.sign(clientId, tokenEndpoint);
    signer.release();
    expect((await check(later))?.code).toBe('assertion_keys_unavailable');
  });
});
