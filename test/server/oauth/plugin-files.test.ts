import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestLimits } from '../../../server/settings/settings';
import { httpRequest } from '../support/http-request';
import { startTestCore, type TestCore } from '../support/test-core';

describe('manifest, OpenAPI spec and logo', () => {
  let running: TestCore;
  beforeAll(async () => {
    running = await startTestCore();
  });
  afterAll(() => running.close());

  const manifest = (headers: Record<string, string> = {}) => httpRequest(`${running.publicUrl}/.well-known/ai-plugin.json`, { headers });

  it('serves defaults that pass ChatGPT’s limits, with the oauth auth block', async () => {
    const { status, json: body } = await manifest();
    expect(status).toBe(200);
    expect(body.schema_version).toBe('v1');
    expect(body.name_for_human.length).toBeLessThanOrEqual(manifestLimits.name_for_human);
    expect(body.name_for_model).toMatch(/^[A-Za-z0-9_]{1,50}$/);
    expect(body.description_for_human.length).toBeLessThanOrEqual(manifestLimits.description_for_human);
    expect(body.description_for_model.length).toBeLessThanOrEqual(manifestLimits.description_for_model);
    expect(body.contact_email).toMatch(/@/);
    expect(body.auth).toEqual({
      type: 'oauth',
      client_url: `${running.publicUrl}/oauth/authorize`,
      authorization_url: `${running.publicUrl}/oauth/token`,
      scope: '',
      authorization_content_type: 'application/json',
      verification_tokens: { openai: '' },
    });
    expect(body.api).toMatchObject({ type: 'openapi', url: `${running.publicUrl}/openapi.yaml` });
    for (const url of [body.logo_url, body.legal_info_url, body.api.url]) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('builds URLs from X-Forwarded-Proto/Host sent by a loopback proxy such as ngrok', async () => {
    const { json: body } = await manifest({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'my-plugin.ngrok.app' });
    expect(body.auth.client_url).toBe('https://my-plugin.ngrok.app/oauth/authorize');
    expect(body.auth.authorization_url).toBe('https://my-plugin.ngrok.app/oauth/token');
    expect(body.api.url).toBe('https://my-plugin.ngrok.app/openapi.yaml');
  });

  it('ignores forwarded hosts that are not plain host names', async () => {
    const { json: body } = await manifest({ 'x-forwarded-host': 'evil.com/"><script>' });
    expect(body.auth.client_url).toBe(`${running.publicUrl}/oauth/authorize`);
  });

  it('prefers a configured publicUrl, and reflects every setting on the next request', async () => {
    await running.core.control.updateSettings({
      publicUrl: 'https://plugin.example.com',
      verificationToken: 'abc123verification',
      scope: 'todos',
      authorizationContentType: 'application/x-www-form-urlencoded',
      manifest: { name_for_human: 'My Todos', logo_url: 'https://cdn.example.com/logo.png' },
    });
    try {
      const { json: body } = await manifest({ 'x-forwarded-host': 'ignored.ngrok.app' });
      expect(body.auth).toMatchObject({
        client_url: 'https://plugin.example.com/oauth/authorize',
        scope: 'todos',
        authorization_content_type: 'application/x-www-form-urlencoded',
        verification_tokens: { openai: 'abc123verification' },
      });
      expect(body.name_for_human).toBe('My Todos');
      expect(body.logo_url).toBe('https://cdn.example.com/logo.png');
      const spec = parse((await httpRequest(`${running.publicUrl}/openapi.yaml`)).text);
      expect(spec.servers).toEqual([{ url: 'https://plugin.example.com' }]);
    } finally {
      await running.core.control.updateSettings({
        publicUrl: '',
        verificationToken: '',
        scope: '',
        authorizationContentType: 'application/json',
        manifest: { name_for_human: 'Handshake Todo', logo_url: '' },
      });
    }
  });

  it('serves an OpenAPI spec with operationIds and descriptions within ChatGPT’s limits', async () => {
    const response = await httpRequest(`${running.publicUrl}/openapi.yaml`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'x.ngrok.app' },
    });
    expect(response.headers['content-type']).toMatch(/yaml/);
    const spec = parse(response.text);
    expect(spec.openapi).toMatch(/^3\.0\./);
    expect(spec.servers).toEqual([{ url: 'https://x.ngrok.app' }]);
    const operations = Object.values(spec.paths as Record<string, Record<string, any>>).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThanOrEqual(4);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[A-Za-z]+$/);
      expect(operation.description.length).toBeLessThanOrEqual(200);
      for (const parameter of operation.parameters ?? []) expect(parameter.description.length).toBeLessThanOrEqual(200);
    }
    const json = await httpRequest(`${running.publicUrl}/openapi.json`);
    expect(json.json).toMatchObject({ openapi: spec.openapi });
  });

  it('serves the logo as a PNG', async () => {
    const response = await fetch(`${running.publicUrl}/logo.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('answers unknown paths with a JSON 404 and carries no management route', async () => {
    for (const path of ['/api/status', '/api/settings', '/api/traffic', '/nothing']) {
      const response = await httpRequest(`${running.publicUrl}${path}`);
      expect(response.status === 404 || response.status === 401).toBe(true);
      expect(response.text).not.toMatch(/verificationToken|trafficRingSize/);
    }
  });
});

describe('OpenAPI spec when the upstream spec cannot be loaded', () => {
  it('answers 502 JSON saying why, not a 500', async () => {
    const running = await startTestCore();
    try {
      await running.core.control.updateSettings({ upstream: 'http://127.0.0.1:9' });
      const response = await httpRequest(`${running.publicUrl}/openapi.yaml`);
      expect(response.status).toBe(502);
      expect(response.json).toMatchObject({ error: 'bad_gateway', message: expect.stringMatching(/127\.0\.0\.1:9/) });
    } finally {
      await running.close();
    }
  });
});
