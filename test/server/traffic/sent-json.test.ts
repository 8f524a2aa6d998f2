import express from 'express';
import request from 'supertest';
import { rememberSentJson, sentJsonOf } from '../../../server/traffic/sent-json';

/** What the recorder is handed for an answer sent with res.json: exactly what parsing the answer back would give. */
async function sentFor(value: unknown, mutateAfterSend = false): Promise<{ remembered: unknown; text: string }> {
  const app = express();
  rememberSentJson(app);
  let remembered: unknown = 'not read';
  app.get('/', (_req, res) => {
    res.on('finish', () => {
      remembered = sentJsonOf(res);
    });
    res.json(value);
    if (mutateAfterSend && value && typeof value === 'object') (value as Record<string, unknown>).access_token = 'changed later';
  });
  const response = await request(app).get('/');
  return { remembered, text: response.text };
}

test('plain JSON data is remembered as its parse: objects, arrays, strings with any characters, -0', async () => {
  for (const value of [
    { access_token: 'hsa_x', token_type: 'Bearer', expires_in: 3600, scope: '' },
    { error: 'invalid_grant', nested: { list: [1, 'two', null, true, { deep: -0 }] } },
    ['a', 1.5, false],
    'just a string </script> & "quotes" ü😀',
    42,
    null,
  ]) {
    const { remembered, text } = await sentFor(value);
    expect(remembered).toEqual(JSON.parse(text));
    expect(Object.is((remembered as { nested?: { list: { deep: number }[] } })?.nested?.list[4].deep, -0)).toBe(false);
  }
});

test('what JSON.stringify would change is not remembered, and changes made after sending do not show', async () => {
  for (const value of [
    { when: new Date(0) },
    { toJSON: () => 'x' },
    { gone: undefined },
    { n: Number.NaN },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    new Map(),
  ]) {
    expect((await sentFor(value)).remembered).toBeUndefined();
  }
  const { remembered, text } = await sentFor({ access_token: 'hsa_sent' }, true);
  expect(remembered).toEqual({ access_token: 'hsa_sent' });
  expect(JSON.parse(text)).toEqual(remembered);
});
