import { fingerprint } from '../crypto/random-token';
import { parseBasicAuthorization } from '../oauth/basic-credentials';
import { configuredSecretMask } from './client-secret-mask';
import type { RecentSecrets } from './recent-secrets';
import { type ClientSecrets, maskedClientSecret } from './secret-fingerprint';

/**
 * Masks secrets in one exchange before anything is stored, streamed or shown.
 *
 * Two passes: `collect*` finds secrets where they are structurally known (body fields, query parameters,
 * Authorization and Cookie headers, the code in a Location), `fields`/`headers`/`text` then write the masked
 * copies — every other place a collected secret shows up (raw body text, a redirect page, an error message)
 * is masked too. The configured client secret, and every token, code and secret Handshake issues (recognised by
 * their prefixes), are masked wherever they appear: any header (its name too), the user part of Basic credentials,
 * query and body field names and values, inside longer values.
 */

const sensitiveFieldNames = new Set([
  'client_secret',
  'password',
  'passwd',
  'pwd',
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'client_assertion',
  'token',
  'code_verifier',
]);
const sensitiveFieldPattern = /secret|password|csrf|xsrf/i;
const passwordFieldPattern = /^(?:password|passwd|pwd)$|password/i;

/**
 * `codeIsSecret`: in OAuth exchanges `code` is an authorization code; in a plugin API's payloads it is far more
 * often an error or product code, worth seeing (a real authorization code is still masked there by its value).
 */
export function isSensitiveField(name: string, codeIsSecret = true): boolean {
  const lower = name.toLowerCase();
  if (lower === 'code') return codeIsSecret;
  return sensitiveFieldNames.has(lower) || sensitiveFieldPattern.test(name);
}

const sensitiveHeaderPattern = /secret|token|csrf|xsrf|api-key|apikey|password/i;
/** Headers whose values are URLs that may carry a code or token in their query or fragment. */
const urlHeaders = new Set(['location', 'content-location', 'refresh', 'referer']);

/** Secrets shorter than this are masked where they are structurally known, but not searched for in free text. */
const minSearchableLength = 6;

const keyAlternatives = String.raw`[\w.-]*(?:secret|password|passwd|csrf|xsrf)[\w.-]*|client_secret|client_assertion|code_verifier|access_token|refresh_token|id_token_hint|id_token|token|pwd`;

/** `key=value`, `"key": "value"` and hidden-input patterns for free text, with or without `code` as a key. */
function pairPatterns(withCode: boolean) {
  const keys = withCode ? `${keyAlternatives}|code` : keyAlternatives;
  return {
    form: new RegExp(String.raw`(^|[?&;#\s])(${keys})=([^&\s#"';<]+)`, 'gi'),
    json: new RegExp(String.raw`("(${keys})"\s*:\s*)"((?:[^"\\]|\\.)*)"`, 'gi'),
    htmlInput: new RegExp(String.raw`(name=["']?(${keys})["']?[^>]*?\svalue=)(["'])([^"']*)\3`, 'gi'),
  };
}
const oauthPatterns = pairPatterns(true);
const apiPatterns = pairPatterns(false);
const bearerPattern = /\b(bearer\s+)([A-Za-z0-9\-._~+/]{16,}=*)/gi;
/** Access and refresh tokens, codes and client secrets as Handshake issues them (see tokenPrefixes). */
const issuedCredentialPattern = /hs[arcs]_[A-Za-z0-9_-]{16,}/g;

export type HeaderValue = string | number | readonly string[] | undefined;

/** Headers whose values have a fixed, secret-free format: not worth searching. */
const plainHeaders = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'connection',
  'content-length',
  'content-type',
  'date',
  'etag',
  'keep-alive',
  'pragma',
  'transfer-encoding',
  'vary',
  'x-powered-by',
  // Security policies (helmet's and any upstream's): fixed vocabularies, on every response.
  'content-security-policy',
  'content-security-policy-report-only',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'permissions-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

/** How a header's value is masked; decided by its (lower-case) name alone. */
type HeaderShape = 'authorization' | 'cookie' | 'set-cookie' | 'url' | 'sensitive' | 'plain' | 'text';

function shapeOf(lower: string): HeaderShape {
  if (lower === 'authorization' || lower === 'proxy-authorization') return 'authorization';
  if (lower === 'cookie') return 'cookie';
  if (lower === 'set-cookie') return 'set-cookie';
  if (urlHeaders.has(lower)) return 'url';
  if (sensitiveHeaderPattern.test(lower)) return 'sensitive';
  return plainHeaders.has(lower) ? 'plain' : 'text';
}

/** Every exchange carries mostly the same header names: classify each once (bounded, names come from clients). */
const shapeByName = new Map<string, HeaderShape>();
const maxRememberedShapes = 1000;

function headerShape(lower: string): HeaderShape {
  let shape = shapeByName.get(lower);
  if (shape === undefined) {
    shape = shapeOf(lower);
    if (shapeByName.size < maxRememberedShapes) shapeByName.set(lower, shape);
  }
  return shape;
}

export class SecretMasker {
  private readonly masksByText = new Map<string, string>();
  private searchOrder: [string, string][] | null = null;
  /** maskValue results of this exchange: the verdict needs a hash, and the same value is met in several places. */
  private readonly masks = new Map<string, string>();

  private readonly patterns: ReturnType<typeof pairPatterns>;

  /** The client the exchange's credentials name (Basic header or client_id field), whose secret a client_secret is judged against. */
  clientId: string | undefined;

  constructor(
    private readonly secrets: ClientSecrets,
    /** Secrets of earlier exchanges, to mask in this one's free text; this exchange's secrets are added. */
    private readonly recent?: RecentSecrets,
    /** false for plugin API, manifest and spec exchanges: see isSensitiveField. */
    private readonly codeIsSecret = true,
  ) {
    this.patterns = codeIsSecret ? oauthPatterns : apiPatterns;
    const classic = secrets.classicSecret;
    if (classic) this.remember(classic, configuredSecretMask(classic));
  }

  /** The mask for one sensitive value; remembers it so the same secret is masked everywhere else. */
  maskValue(fieldName: string, value: string): string {
    const isClientSecret = fieldName.length === 13 && fieldName.toLowerCase() === 'client_secret';
    // A password is chosen by a person: even its last characters say too much.
    const isPassword = !isClientSecret && passwordFieldPattern.test(fieldName);
    const key = (isClientSecret ? 's:' : isPassword ? 'p:' : 'v:') + value;
    let mask = this.masks.get(key);
    if (mask === undefined) {
      mask = isClientSecret ? maskedClientSecret(value, this.secrets, this.clientId) : isPassword ? '••••' : fingerprint(value);
      this.masks.set(key, mask);
      this.remember(value, mask);
    }
    return mask;
  }

  remember(secret: string, mask: string): void {
    if (secret.length < minSearchableLength) return;
    this.recent?.remember(secret, mask);
    for (const variant of spellings(secret)) {
      if (!this.masksByText.has(variant)) this.masksByText.set(variant, mask);
    }
    this.searchOrder = null;
  }

  // ---------- pass 1: collect ----------

  collectFields(value: unknown, depth = 0): void {
    if (depth > 20 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.collectFields(item, depth + 1);
      return;
    }
    for (const [name, field] of Object.entries(value)) {
      if (isSensitiveField(name, this.codeIsSecret)) this.collectSensitive(name, field);
      else this.collectFields(field, depth + 1);
    }
  }

  private collectSensitive(name: string, field: unknown): void {
    if (typeof field === 'string') this.maskValue(name, field);
    else if (Array.isArray(field)) for (const item of field) this.collectSensitive(name, item);
    else if (typeof field === 'number') this.maskValue(name, String(field));
  }

  /** Query and fragment parameters of a URL (a Location, a request target). */
  collectUrl(url: string): void {
    const query = url.indexOf('?');
    const hash = url.indexOf('#');
    if (query >= 0) this.collectParams(url.slice(query + 1, hash > query ? hash : undefined));
    if (hash >= 0) this.collectParams(url.slice(hash + 1));
  }

  private collectParams(search: string): void {
    if (!search.includes('=')) return;
    for (const [name, value] of new URLSearchParams(search)) {
      if (isSensitiveField(name, this.codeIsSecret)) this.maskValue(name, value);
    }
  }

  collectHeaders(headers: Record<string, HeaderValue>): void {
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      const shape = headerShape(lower);
      if (shape === 'plain' || shape === 'text') continue;
      if (typeof value === 'object') for (const one of value) this.collectHeaderValue(shape, lower, one);
      else this.collectHeaderValue(shape, lower, String(value));
    }
  }

  private collectHeaderValue(shape: HeaderShape, name: string, value: string): void {
    if (shape === 'authorization') this.maskAuthorization(value);
    else if (shape === 'cookie') this.maskCookie(value);
    else if (shape === 'set-cookie') this.maskSetCookie(value);
    else if (shape === 'url') this.collectUrl(value);
    else this.maskValue(name, value);
  }

  // ---------- pass 2: masked copies ----------

  /** A deep copy of parsed fields with sensitive ones masked and every other string scrubbed. */
  fields(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.text(value);
    if (depth > 20 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.fields(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      copy[this.known(name)] = isSensitiveField(name, this.codeIsSecret) ? this.sensitiveCopy(name, field) : this.fields(field, depth + 1);
    }
    return copy;
  }

  private sensitiveCopy(name: string, field: unknown): unknown {
    if (typeof field === 'string') return this.maskValue(name, field);
    if (typeof field === 'number') return this.maskValue(name, String(field));
    if (Array.isArray(field)) return field.map((item) => this.sensitiveCopy(name, item));
    return this.fields(field);
  }

  /** Header values as strings (multi-valued joined by ", "), masked. */
  headers(headers: Record<string, HeaderValue>): Record<string, string> {
    const masked: Record<string, string> = {};
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      const shape = headerShape(lower);
      masked[this.known(lower)] =
        typeof value === 'object'
          ? value.map((one) => this.headerValue(shape, lower, one)).join(', ')
          : this.headerValue(shape, lower, String(value));
    }
    return masked;
  }

  private headerValue(shape: HeaderShape, name: string, value: string): string {
    switch (shape) {
      case 'authorization':
        return this.maskAuthorization(value);
      case 'cookie':
        return this.maskCookie(value);
      case 'set-cookie':
        return this.maskSetCookie(value);
      case 'sensitive':
        return this.maskValue(name, value);
      case 'plain':
        return this.known(value);
      default:
        return this.text(value);
    }
  }

  /**
   * Secrets Handshake knows, wherever they sit in `text`: this exchange's and the configured client secret in any
   * spelling, those of recent exchanges, and any credential with an issued prefix.
   */
  known(text: string): string {
    if (text.length < minSearchableLength) return text;
    let masked = text;
    for (const [secret, mask] of this.secretsLongestFirst()) {
      if (masked.includes(secret)) masked = masked.split(secret).join(mask);
    }
    if (this.recent) masked = this.recent.mask(masked);
    if (!masked.includes('hs')) return masked;
    return masked.replace(issuedCredentialPattern, (credential) =>
      this.maskValue(credential.startsWith('hss_') ? 'client_secret' : 'token', credential),
    );
  }

  /** Free text: known() plus `key=value` / `"key": "value"` / `Bearer x` patterns. */
  text(text: string): string {
    if (text.length < 4) return text;
    let masked = this.known(text);
    if (masked.includes('=')) {
      masked = masked.replace(this.patterns.form, (whole, before: string, name: string, value: string) =>
        value.startsWith('•') || value.startsWith('%E2%80%A2') ? whole : `${before}${name}=${this.maskValue(name, formDecode(value))}`,
      );
    }
    if (masked.includes('"')) {
      masked = masked.replace(this.patterns.json, (whole, prefix: string, name: string, value: string) =>
        value.startsWith('•') ? whole : `${prefix}"${this.maskValue(name, jsonUnescape(value))}"`,
      );
    }
    if (masked.includes('<input')) {
      masked = masked.replace(this.patterns.htmlInput, (whole, prefix: string, name: string, quote: string, value: string) =>
        value === '' || value.startsWith('•') ? whole : `${prefix}${quote}${this.maskValue(name, value)}${quote}`,
      );
    }
    if (/bearer/i.test(masked)) {
      masked = masked.replace(bearerPattern, (_whole, prefix: string, token: string) => `${prefix}${this.maskValue('token', token)}`);
    }
    return masked;
  }

  private secretsLongestFirst(): [string, string][] {
    this.searchOrder ??= [...this.masksByText].sort((a, b) => b[0].length - a[0].length);
    return this.searchOrder;
  }

  // ---------- header shapes ----------

  private maskAuthorization(value: string): string {
    const basic = parseBasicAuthorization(value);
    if (basic === 'malformed') {
      this.remember(value.replace(/^basic\s+/i, '').trim(), '••••');
      return 'Basic •••• (not a valid base64 "client_id:client_secret")';
    }
    if (basic) {
      const mask = maskedClientSecret(basic.secretReadings, this.secrets, basic.clientId);
      for (const reading of basic.secretReadings) this.remember(reading, mask);
      this.remember(basic.encoded, `•••• (Basic credentials of ${basic.clientId})`);
      return `Basic ${this.known(basic.clientId)}:${mask}`;
    }
    const space = value.indexOf(' ');
    if (space < 0) return this.maskValue('authorization', value);
    const scheme = value.slice(0, space);
    return `${scheme} ${this.maskValue('token', value.slice(space + 1).trim())}`;
  }

  private maskCookie(value: string): string {
    return value
      .split(';')
      .map((pair) => {
        const equals = pair.indexOf('=');
        if (equals < 0) return pair;
        return `${pair.slice(0, equals)}=${this.maskValue('cookie', pair.slice(equals + 1))}`;
      })
      .join(';');
  }

  private maskSetCookie(value: string): string {
    const semicolon = value.indexOf(';');
    const pair = semicolon < 0 ? value : value.slice(0, semicolon);
    const attributes = semicolon < 0 ? '' : value.slice(semicolon);
    return this.maskCookie(pair) + attributes;
  }
}

const unreserved = /^[A-Za-z0-9._~-]*$/;

/** The ways one secret can be written in a URL, a form body, JSON or HTML. */
function spellings(secret: string): Iterable<string> {
  if (unreserved.test(secret)) return [secret];
  const uri = encodeURIComponent(secret);
  return new Set([
    secret,
    uri,
    uri.replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  ]);
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function jsonUnescape(value: string): string {
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return value;
  }
}
