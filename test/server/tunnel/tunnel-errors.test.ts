import { isFreePlanDomain, normalizeDomain } from '../../../server/tunnel/tunnel-domain';
import { connectTimeoutProblem, describeTunnelError } from '../../../server/tunnel/tunnel-errors';
import { ngrokError } from './fake-tunnel-provider';

describe('describeTunnelError', () => {
  it.each([
    ['ERR_NGROK_4018', 'Usage of ngrok requires a verified account and authtoken.', 'missing_authtoken'],
    ['ERR_NGROK_105', 'The authtoken you specified does not look like a proper ngrok authtoken.', 'invalid_authtoken'],
    ['ERR_NGROK_107', 'The authtoken you specified is properly formed, but it is invalid.', 'invalid_authtoken'],
    ['ERR_NGROK_108', 'Your account is limited to 1 simultaneous ngrok agent sessions.', 'session_limit'],
    ['ERR_NGROK_313', "Custom subdomains are a feature on ngrok's paid plans.", 'paid_feature'],
    ['ERR_NGROK_319', 'You must reserve a custom hostname for your account before it can be used.', 'domain_not_yours'],
    ['ERR_NGROK_320', 'This domain is reserved for another account.', 'domain_not_yours'],
    ['ERR_NGROK_334', "The endpoint 'https://x.ngrok.app' is already online.", 'domain_in_use'],
  ])('maps %s to %s', (ngrokCode, text, code) => {
    const problem = describeTunnelError(ngrokError(`failed to connect session: ${text}`, ngrokCode));
    expect(problem.code).toBe(code);
    expect(problem.message).toContain(ngrokCode);
    expect(problem.advice.length).toBeGreaterThan(20);
  });

  it('finds the code in the message when the SDK did not copy it to errorCode', () => {
    expect(describeTunnelError(new Error('failed to start tunnel: nope error_code: ERR_NGROK_320')).code).toBe('domain_not_yours');
  });

  it('names an unknown ngrok code and links its documentation', () => {
    const problem = describeTunnelError(ngrokError('failed to start tunnel: something new', 'ERR_NGROK_9999'));
    expect(problem.code).toBe('unknown');
    expect(problem.message).toContain('something new');
    expect(problem.advice).toContain('https://ngrok.com/docs/errors/err_ngrok_9999/');
  });

  it.each([
    'failed to connect session: failed to establish tcp connection',
    'failed to resolve connect.ngrok-agent.com: Name or service not known',
    'Network is unreachable (os error 101)',
    'connection timed out',
  ])('calls "%s" a network failure with advice to check the connection', (text) => {
    const problem = describeTunnelError(new Error(text));
    expect(problem.code).toBe('network_unreachable');
    expect(problem.advice).toMatch(/online/);
    expect(problem.advice).toMatch(/firewall/);
  });

  it('hides the authtoken ngrok echoes back, and any secret it is told about', () => {
    const token = '2xyzSECRETsecretSECRETsecret_abcdefghijklmnop';
    const problem = describeTunnelError(
      ngrokError(`failed to connect session: bad thing. Your authtoken: ${token} and again ${token}`, 'ERR_NGROK_4242'),
      [token],
    );
    expect(JSON.stringify(problem)).not.toContain(token);
    expect(problem.message).toContain('(hidden)');
  });

  it('accepts strings and non-errors', () => {
    expect(describeTunnelError('network is unreachable').code).toBe('network_unreachable');
    expect(describeTunnelError(42).code).toBe('unknown');
  });

  it('states our own timeout in seconds', () => {
    expect(connectTimeoutProblem(15_000)).toMatchObject({ code: 'connect_timeout', message: expect.stringContaining('15 seconds') });
  });
});

describe('tunnel domains', () => {
  it.each([
    ['abc123.ngrok-free.app', true],
    ['https://abc123.ngrok-free.dev', true],
    ['x.ngrok-free.pizza', true],
    ['my-plugin.ngrok.app', false],
    ['https://api.example.com', false],
    ['evil-ngrok-free.app', false],
  ])('isFreePlanDomain(%s) is %s', (domain, free) => {
    expect(isFreePlanDomain(domain)).toBe(free);
  });

  it('normalizes what people paste, refuses what is not a host name', () => {
    expect(normalizeDomain('')).toBeUndefined();
    expect(normalizeDomain('   ')).toBeUndefined();
    expect(normalizeDomain(' My-Plugin.ngrok.app ')).toBe('my-plugin.ngrok.app');
    expect(normalizeDomain('https://my-plugin.ngrok.app/')).toBe('my-plugin.ngrok.app');
    expect(normalizeDomain('my plugin')).toBeNull();
    expect(normalizeDomain('localhost')).toBeNull();
    expect(normalizeDomain('-bad.ngrok.app')).toBeNull();
  });
});
