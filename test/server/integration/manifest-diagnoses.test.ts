import { randomUUID } from 'node:crypto';
import { markHeader } from '../support/control-client';
import { knownClient, noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Issue 3's verification-token diagnoses: each manifest fetch is judged by the settings in force at that moment. */
const plugin = usePluginFixture();

async function fetchManifestWith(verificationToken: string) {
  await plugin.api.call('PATCH', '/api/settings', { verificationToken });
  const mark = randomUUID();
  const response = await plugin.gpt.fetchManifest({ [markHeader]: mark });
  expect(response.status).toBe(200);
  return { response, entry: await plugin.api.entryMarked(mark) };
}

const codes = (notes: { code: string }[]) => notes.map((note) => note.code);

test('served without a verification token: verification_token_missing', async () => {
  const { response, entry } = await fetchManifestWith('');
  expect(response.json.auth.verification_tokens.openai).toBe('');
  expect(entry.kind).toBe('manifest');
  expect(noteOf(entry, 'verification_token_missing').level).toBe('warn');
});

test('served with a placeholder verification token: verification_token_placeholder', async () => {
  const { entry } = await fetchManifestWith('changeme');
  expect(noteOf(entry, 'verification_token_placeholder').message).toContain('"changeme"');
  expect(codes(entry.notes)).not.toContain('verification_token_missing');
});

test('served with the client secret as verification token: verification_token_is_client_secret, and the secret stays masked', async () => {
  const { response, entry } = await fetchManifestWith(knownClient.secret);
  expect(response.json.auth.verification_tokens.openai).toBe(knownClient.secret);
  expect(noteOf(entry, 'verification_token_is_client_secret').level).toBe('error');
  expect(JSON.stringify(entry)).not.toContain(knownClient.secret);
});

test('served with a real verification token: no verification-token note, and the token is in the manifest at once', async () => {
  const token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const { response, entry } = await fetchManifestWith(token);
  expect(response.json.auth.verification_tokens.openai).toBe(token);
  expect(codes(entry.notes).filter((code) => code.startsWith('verification_token'))).toEqual([]);
});
