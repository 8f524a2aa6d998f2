import { chatGptRedirectUri } from '../../reliability/support/chatgpt-client';
import { badEscapes, crlfPayloads, hostileString, hostileValue, markupPayloads, pathTricks, wrongType } from './hostile-values';
import type { Prng } from './prng';
import { rawRequest } from './raw-http';

/** Which kind of answer a request must get, by the surface it hit. */
export type Surface = 'oauth-json' | 'browser' | 'api' | 'signed-in-api' | 'control' | 'public-path';

export interface FuzzCase {
  label: string;
  listener: 'public' | 'control';
  surface: Surface;
  /** For the OAuth JSON endpoints: the case carries the real client credentials, so a 200 is the RFC's answer. */
  endpoint?: 'token' | 'introspect' | 'revoke';
  validClient?: boolean;
  /** A read with valid credentials (control API, signed-in API): it may succeed. */
  readOnly?: boolean;
  method: string;
  /** The request target as sent (latin1). */
  path: string;
  bytes: Buffer;
}

export interface FuzzTarget {
  clientId: string;
  clientSecret: string;
  controlToken: string;
  controlPort: number;
  /** A live access token: the signed-in API cases send it with input that must be refused. */
  accessToken: string;
}

/** Percent-encodes UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
export function pct(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** name=value pairs, mostly encoded properly, sometimes raw (bad escapes, stray & and =, bytes a parser may refuse). */
function formOrQuery(prng: Prng, fields: [string, unknown][]): string {
  return fields
    .map(([name, value]) => {
      const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
      const raw = prng.chance(0.25);
      return `${raw ? name : pct(name)}=${raw ? text : pct(text)}`;
    })
    .join(prng.chance(0.05) ? '&&' : '&');
}

const oauthFieldNames = [
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'redirect_uri',
  'refresh_token',
  'token',
  'token_type_hint',
  'scope',
  'state',
];

function oauthFields(
  prng: Prng,
  target: FuzzTarget,
  endpoint: 'token' | 'introspect' | 'revoke',
  validClient: boolean,
): [string, unknown][] {
  const fields: [string, unknown][] = [];
  if (endpoint === 'token')
    fields.push([
      'grant_type',
      prng.chance(0.6)
        ? prng.pick(['authorization_code', 'refresh_token', 'password', 'client_credentials', 'implicit'])
        : hostileValue(prng),
    ]);
  if (validClient) {
    fields.push(['client_id', target.clientId], ['client_secret', target.clientSecret]);
  } else {
    if (prng.chance(0.8)) fields.push(['client_id', prng.chance(0.5) ? target.clientId : hostileValue(prng)]);
    if (prng.chance(0.7)) fields.push(['client_secret', hostileValue(prng)]);
  }
  const extra = prng.int(4);
  for (let i = 0; i < extra; i++) fields.push([prng.pick(oauthFieldNames.slice(3)), hostileValue(prng)]);
  if (endpoint !== 'token' && prng.chance(0.8)) fields.push(['token', hostileValue(prng)]);
  // Duplicate parameters: the same name twice.
  if (prng.chance(0.2)) fields.push([prng.pick(oauthFieldNames), hostileValue(prng)]);
  return fields;
}

function jsonText(prng: Prng, fields: [string, unknown][]): string {
  if (prng.chance(0.15)) {
    return prng.pick([
      '{"grant_type":',
      '[1,2',
      '"just a string"',
      '12345',
      'null',
      'true',
      '[]',
      '{"grant_type":"refresh_token","grant_type":"authorization_code"}',
      '\ufeff{"a":1}',
      '{"a":"\\ud800"}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '['.repeat(60_000),
      '{"a":' + '1'.repeat(400) + '}',
      '{"a":"' + '\\u0000'.repeat(50) + '"}',
    ]);
  }
  // Object.fromEntries drops duplicates, so build the text by hand to keep them.
  return `{${fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

const contentTypes = [
  'application/json',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/json; charset=utf-7',
  'application/x-www-form-urlencoded; charset=koi8-r',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  'application/json, text/html',
  '*/*',
  '',
];

function body(prng: Prng, fields: [string, unknown][]): { contentType: string | null; body: Buffer; extraHeaders: [string, string][] } {
  const extraHeaders: [string, string][] = [];
  const roll = prng.next();
  let contentType: string | null =
    roll < 0.45
      ? 'application/json'
      : roll < 0.85
        ? 'application/x-www-form-urlencoded'
        : prng.chance(0.3)
          ? null
          : prng.pick(contentTypes);
  const asJson = contentType?.includes('json') ?? prng.chance(0.5);
  let bytes: Buffer = Buffer.from(asJson ? jsonText(prng, fields) : formOrQuery(prng, fields), 'utf8');
  if (prng.chance(0.05)) bytes = Buffer.concat([bytes, prng.bytes(prng.int(64) + 1)]); // not UTF-8 any more
  if (prng.chance(0.03)) bytes = Buffer.alloc(70 * 1024 + prng.int(1000), asJson ? ' ' : 'a'); // over the 64 kB limit
  if (prng.chance(0.03)) {
    extraHeaders.push(['Content-Encoding', prng.pick(['gzip', 'deflate', 'br', 'x-unknown'])]);
    bytes = prng.bytes(40);
  }
  if (contentType === '') contentType = null;
  return { contentType, body: bytes, extraHeaders };
}

function basicHeader(prng: Prng, target: FuzzTarget): string {
  return prng.pick([
    () => `Basic ${Buffer.from(`${target.clientId}:${hostileString(prng)}`).toString('base64')}`,
    () => `Basic ${Buffer.from(`${pct(target.clientId)}:%zz`).toString('base64')}`,
    () => `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
    () => 'Basic !!!not-base64!!!',
    () => 'Basic',
    () => `Basic ${'QUFB'.repeat(prng.int(500) + 1)}`,
    () => `Bearer ${hostileString(prng).replace(/[\r\n]/g, '')}`,
    () => 'Digest username="x"',
  ])();
}

function oauthCase(prng: Prng, target: FuzzTarget): Built {
  const endpoint = prng.pick(['token', 'token', 'introspect', 'revoke'] as const);
  const validClient = prng.chance(0.25);
  const { contentType, body: bytes, extraHeaders } = body(prng, oauthFields(prng, target, endpoint, validClient));
  const headers: [string, string][] = [...extraHeaders];
  if (contentType !== null) headers.push(['Content-Type', contentType]);
  if (!validClient && prng.chance(0.3)) headers.push(['Authorization', basicHeader(prng, target)]);
  const path = prng.chance(0.1)
    ? `/oauth/${endpoint}?${formOrQuery(prng, [[prng.pick(oauthFieldNames), hostileValue(prng)]])}`
    : `/oauth/${endpoint}`;
  return {
    label: `POST /oauth/${endpoint}`,
    listener: 'public',
    surface: 'oauth-json',
    endpoint,
    validClient,
    bytes: rawRequest('POST', path, headers, bytes),
  };
}

function authorizeFields(prng: Prng, target: FuzzTarget): [string, unknown][] {
  const fields: [string, unknown][] = [];
  const carried: [string, () => unknown][] = [
    ['response_type', () => (prng.chance(0.6) ? 'code' : hostileValue(prng))],
    ['client_id', () => (prng.chance(0.7) ? target.clientId : hostileValue(prng))],
    [
      'redirect_uri',
      () =>
        prng.chance(0.7)
          ? chatGptRedirectUri
          : prng.pick([
              hostileString(prng),
              chatGptRedirectUri + '/',
              chatGptRedirectUri + prng.pick(crlfPayloads),
              'javascript:alert(1)',
              'https://chat.openai.com/aip/' + prng.pick(markupPayloads) + '/oauth/callback',
            ]),
    ],
    ['scope', () => hostileValue(prng)],
    ['state', () => (prng.chance(0.5) ? prng.pick([...crlfPayloads, ...markupPayloads]) : hostileValue(prng))],
    ['flow_id', () => hostileValue(prng)],
  ];
  for (const [name, value] of carried) if (prng.chance(0.9)) fields.push([name, value()]);
  if (prng.chance(0.2)) fields.push([prng.pick(carried)[0], hostileValue(prng)]);
  return fields;
}

function browserCase(prng: Prng, target: FuzzTarget): Built {
  const fields = authorizeFields(prng, target);
  if (prng.chance(0.5)) {
    return {
      label: 'GET /oauth/authorize',
      listener: 'public',
      surface: 'browser',
      bytes: rawRequest(
        'GET',
        `/oauth/authorize?${formOrQuery(prng, fields)}`,
        prng.chance(0.2) ? [['Cookie', `hs_login=${hostileString(prng).replace(/[\r\n]/g, '')}`]] : [],
      ),
    };
  }
  fields.push(
    ['csrf', hostileValue(prng)],
    ['email', prng.chance(0.5) ? 'demo@handshake.local' : hostileValue(prng)],
    ['password', hostileValue(prng)],
    ['decision', prng.pick(['allow', 'deny', hostileString(prng)])],
  );
  const headers: [string, string][] = [
    ['Content-Type', prng.chance(0.85) ? 'application/x-www-form-urlencoded' : prng.pick(contentTypes) || 'text/plain'],
  ];
  if (prng.chance(0.5))
    headers.push(['Cookie', `hs_login=${prng.chance(0.5) ? 'A'.repeat(22) : hostileString(prng).replace(/[\r\n]/g, '')}`]);
  if (prng.chance(0.2)) headers.push(['X-Forwarded-For', hostileString(prng).replace(/[\r\n]/g, '')]);
  let payload = Buffer.from(formOrQuery(prng, fields), 'utf8');
  if (prng.chance(0.05)) payload = Buffer.concat([payload, Buffer.from('&email='), prng.bytes(30)]);
  if (prng.chance(0.03)) payload = Buffer.alloc(70 * 1024, 'a');
  if (prng.chance(0.03)) payload = Buffer.from(Array.from({ length: 80 }, (_, i) => `f${i}=x`).join('&')); // over the field limit
  return {
    label: 'POST /oauth/authorize',
    listener: 'public',
    surface: 'browser',
    bytes: rawRequest('POST', '/oauth/authorize', headers, payload),
  };
}

function apiCase(prng: Prng, target: FuzzTarget): Built {
  const method = prng.pick(['GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH']);
  const path = prng.pick([
    '/me',
    '/todos',
    `/todos/${pct(hostileString(prng))}`,
    `/todos/${prng.pick(badEscapes)}`,
    `/me?${formOrQuery(prng, [['x', hostileValue(prng)]])}`,
  ]);
  const headers: [string, string][] = [];
  if (prng.chance(0.85)) {
    headers.push([
      'Authorization',
      prng.pick([
        () => `Bearer ${hostileString(prng).replace(/[\r\n]/g, '')}`,
        () => `Bearer hsa_${'A'.repeat(43)}`,
        () => `bearer  hsr_${'B'.repeat(43)}`,
        () => 'Bearer',
        () => `Basic ${Buffer.from(`${target.clientId}:${target.clientSecret}`).toString('base64')}`,
        () => `Bearer ${'x'.repeat(8000)}`,
        () => 'Bearer a b c',
      ])(),
    ]);
  }
  const payload = method === 'POST' || method === 'PUT' || method === 'PATCH' ? jsonText(prng, [['text', hostileValue(prng)]]) : '';
  if (payload) headers.push(['Content-Type', prng.pick(['application/json', 'text/plain', 'application/json; charset=utf-7'])]);
  return {
    label: `${method} ${path.split('?')[0].slice(0, 20)} (API)`,
    listener: 'public',
    surface: 'api',
    bytes: rawRequest(method, path, headers, payload),
  };
}

/** A signed-in user sending what the demo API must refuse (a todo's text is 1 to 500 characters of string). */
function signedInApiCase(prng: Prng, target: FuzzTarget): Built {
  const headers: [string, string][] = [['Authorization', `Bearer ${target.accessToken}`]];
  const roll = prng.next();
  if (roll < 0.2)
    return {
      label: 'GET signed-in API',
      listener: 'public',
      surface: 'signed-in-api',
      readOnly: true,
      bytes: rawRequest('GET', prng.pick(['/me', '/todos', `/me?${formOrQuery(prng, [['x', hostileValue(prng)]])}`]), headers),
    };
  if (roll < 0.5) {
    const id = prng.pick([pct(hostileString(prng)), prng.pick(badEscapes), 'todo_missing', '..%2f..%2fusers']);
    return {
      label: 'DELETE /todos/:id (signed in)',
      listener: 'public',
      surface: 'signed-in-api',
      bytes: rawRequest('DELETE', `/todos/${id}`, headers),
    };
  }
  const text = prng.pick<() => unknown>([
    () => wrongType(prng),
    () => '',
    () => '   \t  ',
    () => 'x'.repeat(501 + prng.int(2000)),
    () => undefined,
  ])();
  const payload = prng.chance(0.2)
    ? prng.pick(['{"text":', '[', '"text"', '{"text":"a","text":5}', 'x'.repeat(17 * 1024)])
    : JSON.stringify(text === undefined ? { note: hostileValue(prng) } : { text });
  headers.push([
    'Content-Type',
    prng.chance(0.8)
      ? 'application/json'
      : prng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-7']),
  ]);
  return {
    label: 'POST /todos (signed in)',
    listener: 'public',
    surface: 'signed-in-api',
    bytes: rawRequest(prng.pick(['POST', 'POST', 'PUT', 'PATCH']), prng.pick(['/todos', '/me']), headers, payload),
  };
}

/** Control routes that change state only with valid input: the fuzzer only ever sends them invalid input. */
const controlMutations: { method: string; path: (prng: Prng) => string; fields: string[]; value?: (prng: Prng) => unknown }[] = [
  { method: 'POST', path: () => '/api/users', fields: ['email', 'password', 'name'] },
  {
    method: 'PATCH',
    path: () => '/api/settings',
    fields: ['trafficRingSize', 'accessTokenTtl', 'redirectUris', 'manifest', 'upstream', 'publicUrl'],
  },
  { method: 'PUT', path: () => '/api/client', fields: ['id', 'secret'] },
  { method: 'PATCH', path: (prng) => `/api/users/${pct(hostileString(prng))}`, fields: ['email', 'password'] },
  {
    method: 'DELETE',
    path: (prng) => `/api/users/${prng.pick([pct(hostileString(prng)), prng.pick(badEscapes), 'usr_does-not-exist'])}`,
    fields: [],
  },
  { method: 'DELETE', path: (prng) => `/api/grants/${prng.pick([pct(hostileString(prng)), prng.pick(badEscapes)])}`, fields: [] },
  { method: 'POST', path: () => '/api/faults', fields: ['kind', 'target', 'count', 'delayMs', 'status'] },
  { method: 'PUT', path: () => '/api/listener', fields: ['port'] },
  // Any string up to 500 characters is a valid authtoken: only wrong types and oversize strings are sent here.
  {
    method: 'PUT',
    path: () => '/api/tunnel/authtoken',
    fields: ['authtoken'],
    value: (prng) => (prng.chance(0.5) ? wrongType(prng) : 'x'.repeat(501 + prng.int(100))),
  },
];

/** Values that are wrong for every field above (no valid email, password, URL, port, ring size or fault). */
function invalidControlValue(prng: Prng): unknown {
  return prng.chance(0.5)
    ? wrongType(prng)
    : prng.pick([-1, 1e12, 'x'.repeat(70_000), ...markupPayloads, ...badEscapes, '\ud800', 'not an email', 'has spaces in it']);
}

function controlCase(prng: Prng, target: FuzzTarget): Built {
  const host = `127.0.0.1:${target.controlPort}`;
  const authorized = prng.chance(0.75);
  const headers: [string, string][] = [
    ['Host', prng.chance(0.95) ? host : prng.pick(['evil.example', `localhost.evil.example:${target.controlPort}`, '127.0.0.1'])],
  ];
  if (prng.chance(0.05))
    headers.push(['Origin', prng.pick(['https://evil.example', 'null', `http://127.0.0.1:${target.controlPort}.evil.example`])]);
  headers.push([
    'Authorization',
    authorized
      ? `Bearer ${target.controlToken}`
      : prng.pick([
          `Bearer ${target.controlToken.slice(0, -1)}x`,
          'Bearer',
          `Basic ${target.controlToken}`,
          `Bearer ${hostileString(prng).replace(/[\r\n]/g, '')}`,
        ]),
  ]);
  if (prng.chance(0.3)) {
    const path = prng.pick([
      `/api/traffic?${formOrQuery(prng, [[prng.pick(['limit', 'kind', 'status', 'q', 'flowId', 'x']), invalidControlValue(prng)]])}`,
      `/api/traffic/${pct(hostileString(prng))}`,
      `/api/traffic/${prng.pick(badEscapes)}`,
      ...pathTricks,
    ]);
    return { label: 'GET control', listener: 'control', surface: 'control', readOnly: true, bytes: rawRequest('GET', path, headers) };
  }
  const route = prng.pick(controlMutations);
  const invalid = route.value ?? invalidControlValue;
  const fields: [string, unknown][] = route.fields.filter(() => prng.chance(0.6)).map((name) => [name, invalid(prng)]);
  if (route.fields.length && fields.length === 0) fields.push([prng.pick(route.fields), invalid(prng)]);
  if (prng.chance(0.2)) fields.push(['unexpected', hostileValue(prng)]);
  const text = route.fields.length === 0 && prng.chance(0.5) ? '' : jsonText(prng, fields);
  if (text) headers.push(['Content-Type', prng.chance(0.85) ? 'application/json' : prng.pick(contentTypes) || 'text/plain']);
  return {
    label: `${route.method} control ${route.path(prng).slice(0, 16)}`,
    listener: 'control',
    surface: 'control',
    bytes: rawRequest(route.method, route.path(prng), headers, text),
  };
}

function pathCase(prng: Prng): Built {
  const method = prng.pick(['GET', 'GET', 'POST', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND']);
  const path = prng.chance(0.2)
    ? Buffer.concat([
        Buffer.from('/'),
        prng.bytes(prng.int(20) + 1).map((byte) => (byte === 0x20 || byte === 0x0d || byte === 0x0a ? 0x41 : byte)),
      ])
    : prng.pick(pathTricks);
  return { label: `${method} path trick`, listener: 'public', surface: 'public-path', bytes: rawRequest(method, path, []) };
}

type Built = Omit<FuzzCase, 'method' | 'path'>;

/** One request of a random surface. */
export function fuzzCase(prng: Prng, target: FuzzTarget): FuzzCase {
  const roll = prng.next();
  const built: Built =
    roll < 0.28
      ? oauthCase(prng, target)
      : roll < 0.5
        ? browserCase(prng, target)
        : roll < 0.62
          ? apiCase(prng, target)
          : roll < 0.72
            ? signedInApiCase(prng, target)
            : roll < 0.9
              ? controlCase(prng, target)
              : pathCase(prng);
  const requestLine = built.bytes.subarray(0, built.bytes.indexOf('\r\n')).toString('latin1').split(' ');
  return { ...built, method: requestLine[0], path: requestLine.slice(1, -1).join(' ') };
}
