import type { Prng } from './prng';

/** Markup that must never come back unescaped from an HTML page. Each is unmistakable in a page's source. */
export const markupPayloads = [
  '<script>alert("hs-xss-1")</script>',
  '"><img src=x onerror=alert("hs-xss-2")>',
  "' onmouseover='alert(\"hs-xss-3\")' x='",
  '</textarea><svg onload=alert("hs-xss-4")>',
  '"onerror="alert(\'hs-xss-5\')',
];

/** What the payloads would look like if echoed raw; none may appear in any answer. */
export const markupTells = ['<script>alert("hs-xss-1")', '<img src=x onerror', "' onmouseover='alert", '<svg onload', '"onerror="alert'];

/** Header-injection attempts: a raw CR/LF (refused by the HTTP parser) and encoded ones (must stay encoded). */
export const crlfPayloads = [
  'x\r\nX-Injected: hs-crlf',
  'x%0d%0aX-Injected:%20hs-crlf',
  'x%0D%0ASet-Cookie:%20hs_injected=1',
  'x\nX-Injected: hs-crlf',
  'x%E5%98%8A%E5%98%8DX-Injected:%20hs-crlf',
];

/** Percent-escapes and byte sequences that are not valid (or not canonical) UTF-8. */
export const badEscapes = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF%FE', '%00', 'a%00b', '%u0041', '%%41', '%25%'];

export const pathTricks = [
  '//',
  '///oauth/token',
  '/..%2f..%2fetc/passwd',
  '/%2e%2e/%2e%2e/handshake.json',
  '/%2e%2e/%2e%2e/handshake.journal',
  '/oauth/..%2fapi/status',
  '/oauth/token/..;/..;/api/users',
  '/api/status',
  '/api/users',
  '/.well-known/../../control-token',
  '/me%00',
  '/todos/%2e%2e%2f%2e%2e%2fusers',
  '/todos/..%5c..%5cwin.ini',
  '/oauth/authorize%00.html',
  '/%c0%ae%c0%ae/%c0%ae%c0%ae/',
  '/\\..\\handshake.json',
  '/oauth%2Ftoken',
  '/.well-known/ai-plugin.json/..%00/',
  '/logo.png?x=%ff',
  '/*',
  '/' + 'a/'.repeat(2000),
];

/** Values of the wrong JSON type for a field that should be a string. */
export function wrongType(prng: Prng): unknown {
  return prng.pick<() => unknown>([
    () => -7 - prng.int(1000),
    () => 2.5,
    () => -1.5e308,
    () => true,
    () => null,
    () => [],
    () => ['a', 'b'],
    () => ({}),
    () => ({ $ne: null }),
    () => ({ toString: 'x', __proto__: { polluted: true } }),
    () => [[[[[[[[[[[]]]]]]]]]]],
  ])();
}

/** A hostile string value. */
export function hostileString(prng: Prng): string {
  return prng.pick<() => string>([
    () => prng.pick(markupPayloads),
    () => prng.pick(crlfPayloads),
    () => prng.pick(badEscapes),
    () => prng.pick(pathTricks),
    () => 'x'.repeat(prng.pick([300, 5000, 70_000])),
    () => '\u0000\u0001\u001f\u007f',
    () => '\u202e\u200b\ufeff😀𝔘',
    () => '\ud800',
    () => ' '.repeat(10),
    () => '',
    () => '__proto__',
    () => 'constructor',
    () => 'hsr_' + 'A'.repeat(43),
    () => 'hsa_' + 'A'.repeat(43),
    () => 'hsc_' + 'A'.repeat(43),
  ])();
}

/** Any hostile value: mostly strings, some wrong types. */
export function hostileValue(prng: Prng): unknown {
  return prng.chance(0.7) ? hostileString(prng) : wrongType(prng);
}
