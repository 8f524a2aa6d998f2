import { describe, expect, it } from 'vitest';
import { manifestFindings, rootDomain } from '../../../server/checks/manifest-rules';
import { chooseOperation, openApiFindings } from '../../../server/checks/openapi-rules';

const manifest = (base: string, overrides: Record<string, unknown> = {}) => ({
  schema_version: 'v1',
  name_for_human: 'Todo',
  name_for_model: 'todo',
  description_for_human: 'Todos.',
  description_for_model: 'Manage todos.',
  auth: {
    type: 'oauth',
    client_url: `${base}/oauth/authorize`,
    authorization_url: `${base}/oauth/token`,
    scope: '',
    authorization_content_type: 'application/json',
    verification_tokens: { openai: 'abc' },
  },
  api: { type: 'openapi', url: `${base}/openapi.yaml` },
  logo_url: `${base}/logo.png`,
  contact_email: 'dev@example.com',
  legal_info_url: `${base}/legal`,
  ...overrides,
});

describe('manifest rules', () => {
  it('accept a clean https manifest, and a local one with one warning', () => {
    expect(manifestFindings(manifest('https://todo.ngrok.app'), 'https://todo.ngrok.app/.well-known/ai-plugin.json')).toEqual([]);
    const local = manifestFindings(manifest('http://127.0.0.1:3030'), 'http://127.0.0.1:3030/.well-known/ai-plugin.json');
    expect(local).toEqual([
      { level: 'warn', message: expect.stringMatching(/^The manifest is served over http \(http:\/\/127\.0\.0\.1:3030\)/) },
    ]);
  });

  it('refuse what ChatGPT refuses', () => {
    const url = 'https://todo.ngrok.app/.well-known/ai-plugin.json';
    const messages = (overrides: Record<string, unknown>) =>
      manifestFindings(manifest('https://todo.ngrok.app', overrides), url).map((finding) => `${finding.level}: ${finding.message}`);
    expect(messages({ name_for_human: 'A name far too long for it' })).toEqual([
      'fail: name_for_human has 26 characters; the limit is 20.',
    ]);
    expect(messages({ description_for_model: 'x'.repeat(8001) })).toEqual([
      'fail: description_for_model has 8001 characters; the limit is 8000.',
    ]);
    expect(messages({ schema_version: 'v2', contact_email: undefined })).toEqual([
      'fail: schema_version is "v2"; ChatGPT expects "v1".',
      'fail: contact_email is missing; ChatGPT requires it.',
    ]);
    expect(messages({ api: { type: 'openapi', url: 'http://todo.ngrok.app/openapi.yaml' } })).toEqual([
      'fail: api.url is not https (http://todo.ngrok.app/openapi.yaml): ChatGPT only calls https URLs.',
    ]);
    expect(messages({ api: { type: 'openapi', url: '/openapi.yaml' } })).toEqual(['fail: api.url "/openapi.yaml" is not an absolute URL.']);
    expect(messages({ auth: { type: 'none' } })).toEqual([
      'fail: auth.type is "none": this check plays ChatGPT\'s OAuth install, which needs "oauth".',
    ]);
  });

  it('take the root domain as the last two labels', () => {
    expect(rootDomain('todo.ngrok.app')).toBe('ngrok.app');
    expect(rootDomain('api.todo.example.com:8443')).toBe('example.com');
    expect(rootDomain('127.0.0.1:3030')).toBe('127.0.0.1');
    expect(rootDomain('localhost')).toBe('localhost');
  });
});

describe('OpenAPI rules', () => {
  const spec = {
    openapi: '3.0.3',
    servers: [{ url: 'https://todo.ngrok.app' }],
    paths: {
      '/me': { get: { operationId: 'me', summary: 'Who is signed in' } },
      '/todos/{id}': {
        delete: { operationId: 'deleteTodo', description: 'x'.repeat(201), parameters: [{ name: 'id', in: 'path', required: true }] },
      },
      '/todos': { post: { summary: 'Add a todo', requestBody: { required: true } } },
    },
  };

  it('name every operation without an id and every description over 200 characters', () => {
    const { findings, operations } = openApiFindings(spec, 'ngrok.app');
    expect(findings.map((finding) => finding.message)).toEqual([
      'DELETE /todos/{id}: its description has 201 characters; the limit is 200.',
      'POST /todos has no operationId: ChatGPT names operations by it.',
    ]);
    expect(operations).toEqual([
      { operationId: 'me', method: 'GET', path: '/me', needsInput: false },
      { operationId: 'deleteTodo', method: 'DELETE', path: '/todos/{id}', needsInput: true },
    ]);
    expect(chooseOperation(operations)?.operationId).toBe('me');
    expect(chooseOperation(operations, 'deleteTodo')?.path).toBe('/todos/{id}');
  });

  it('want servers on the public domain and a version ChatGPT reads', () => {
    const { findings } = openApiFindings({ ...spec, openapi: '2.0', servers: [{ url: 'https://api.other.example' }] }, 'ngrok.app');
    expect(findings.slice(0, 2).map((finding) => finding.message)).toEqual([
      'openapi is "2.0"; ChatGPT reads 3.0.x and 3.1.0.',
      'servers[0].url is https://api.other.example, not on the public domain ngrok.app: ChatGPT would call another host.',
    ]);
  });
});
