import { describe, expect, test } from 'vitest';
import { entraFailure } from '../defender/entra-failure.ts';
import { httpFailure } from '../defender/http-failure.ts';
import { createLogger } from './logger.ts';
import { scrubText, scrubValue } from './scrub-secrets.ts';

const SIGNING_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const CLIENT_SECRET = 'Qx8~azure.client~secret_42';
const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const APP_TOKEN = 'xapp-1-A0123456789-1234567890123-abcdef0123456789';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA';

/** Values that must never show up in a log line, whatever carries them. */
const SECRETS = [SIGNING_SECRET, CLIENT_SECRET, BOT_TOKEN, APP_TOKEN, JWT];

/** A logger writing to memory, configured with the secrets main.ts passes in. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [SIGNING_SECRET, CLIENT_SECRET],
    destination: {
      write(line: string) {
        lines.push(line);
      },
    },
  });
  return { logger, lines, output: () => lines.join('') };
}

const expectNoSecrets = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

describe('createLogger', () => {
  test('writes one JSON line per entry with the service name, fields and message', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'req-1', target: 'logistics.contoso.com' }, 'approval message posted');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      service: 'unblock',
      requestId: 'req-1',
      target: 'logistics.contoso.com',
      msg: 'approval message posted',
    });
  });

  test('respects the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', secrets: [], destination: { write: (line: string) => void lines.push(line) } });
    logger.info('not shown');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  test.each<[string, (logger: ReturnType<typeof capture>['logger']) => void, string]>([
    ['the configured signing secret in the message', (l) => l.info(`verifying with ${SIGNING_SECRET}`), 'verifying with'],
    ['the configured client secret in a field', (l) => l.info({ note: `secret is ${CLIENT_SECRET} today` }, 'azure'), 'secret is'],
    ['a bot token in the message', (l) => l.warn(`Slack refused ${BOT_TOKEN} (invalid_auth)`), '(invalid_auth)'],
    ['an app token in a format argument', (l) => l.info('socket mode with %s', APP_TOKEN), 'socket mode with'],
    ['a bot token under a known field name', (l) => l.info({ botToken: BOT_TOKEN }, 'starting'), 'starting'],
    ['a token nested under a known field name', (l) => l.info({ slack: { token: BOT_TOKEN } }, 'starting'), 'starting'],
    ['a bearer header under headers.authorization', (l) => l.debug({ headers: { authorization: `Bearer ${JWT}`, accept: 'application/json' } }, 'graph call'), 'application/json'],
    ['a bearer header nested in a request', (l) => l.debug({ request: { headers: { authorization: `Bearer ${JWT}` } } }, 'graph call'), 'graph call'],
    ['a bearer header in free text', (l) => l.debug({ dump: `GET /v1.0/security HTTP/1.1\nAuthorization: Bearer ${JWT}\nHost: graph` }), 'GET /v1.0/security'],
    ['client_secret in a URL', (l) => l.info({ url: `https://login.example/token?client_id=abc&client_secret=${CLIENT_SECRET}x&scope=s` }), 'client_id=abc'],
    ['client_secret in a form body in the message', (l) => l.info(`POST grant_type=client_credentials&client_secret=never-seen-value-7&scope=x`), 'grant_type=client_credentials'],
    ['a JWT-looking string', (l) => l.info({ idToken: JWT }, 'token acquired'), 'token acquired'],
    [
      'nested objects and arrays',
      (l) => l.info({ calls: [{ url: `https://x.example/?access_token=${JWT}` }, [`Bearer ${JWT}`, BOT_TOKEN]], deep: { a: { b: { c: APP_TOKEN } } } }, 'batch'),
      'https://x.example/?access_token=',
    ],
    ['a child logger', (l) => l.child({ component: 'bolt' }).error(`An API error occurred: ${BOT_TOKEN}`), 'An API error occurred'],
  ])('hides %s and keeps the rest readable', (_, log, readable) => {
    const { logger, output } = capture();
    log(logger);
    const text = output();
    expect(text).not.toBe('');
    expectNoSecrets(text);
    expect(text).not.toContain('never-seen-value-7');
    expect(text).toContain(readable);
  });

  // The use-cases log failures as `{ err }`; operators need the error's type, message and stack.
  test.each<[string, Error, string, string | undefined]>([
    ['a token in its message', new Error(`chat.postMessage failed for ${BOT_TOKEN}`), 'chat.postMessage failed for [redacted]', undefined],
    ['a secret in its cause', new Error('token request failed', { cause: new Error(`AADSTS7000215 ${CLIENT_SECRET}`) }), 'token request failed', 'AADSTS7000215 [redacted]'],
  ])('an error under err with %s is logged readably, secret hidden', (_, error, message, cause) => {
    const { logger, lines, output } = capture();
    logger.error({ err: error, requestId: 'req-1' }, 'post failed');
    expectNoSecrets(output());
    const logged = JSON.parse(lines[0]!).err;
    expect(logged).toMatchObject({ type: 'Error' });
    expect(logged.message).toContain(message);
    expect(logged.stack).toMatch(/^Error: /);
    if (cause) expect(logged.cause).toMatchObject({ type: 'Error', message: cause });
  });

  // A use-case logs a failed Defender call as { err }: the vendor's reason must be there, secrets not.
  test('an ExternalServiceError under err carries the vendor reason, code and ref; a secret the vendor echoed is hidden', () => {
    const { logger, lines, output } = capture();
    const reason = `Cannot create indicator: the tenant has reached the limit of 15000 active indicators (token ${JWT}).`;
    const error = httpFailure({ service: 'defender', status: 400, vendorCode: 'BadRequest', vendorMessage: reason, correlationId: 'corr-9' });
    logger.error({ err: error, requestId: 'req-1' }, 'could not activate the allow indicator');
    expectNoSecrets(output());
    const logged = JSON.parse(lines[0]!).err;
    expect(logged).toMatchObject({ type: 'ExternalServiceError', service: 'defender', failure: 'rejected', retryable: false, status: 400, vendorCode: 'BadRequest', correlationId: 'corr-9' });
    expect(logged.vendorMessage).toContain('the tenant has reached the limit of 15000 active indicators');
    expect(logged.userMessage).toContain('"Cannot create indicator: the tenant has reached the limit of 15000 active indicators');
    expect(logged.message).toContain('limit of 15000 active indicators');
  });

  test('an Entra refusal under err keeps the AADSTS reason and the setting to fix, never the client secret', () => {
    const { logger, lines, output } = capture();
    // The shape MSAL gives @azure/identity for a refused token request (a ServerError as the cause).
    const msal = Object.assign(new Error('invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided. More.'), {
      name: 'ServerError',
      errorCode: 'invalid_client',
      errorMessage: 'Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided. More.',
      status: 401,
      correlationId: 'msal-corr-1',
      body: `client_id=abc&client_secret=${CLIENT_SECRET}`,
    });
    const error = entraFailure(new Error('AuthenticationRequiredError', { cause: msal }), { scope: 'https://api.securitycenter.microsoft.com/.default', setting: 'DEFENDER_API_SCOPE' });
    logger.error({ err: error }, 'could not activate the allow indicator');
    expectNoSecrets(output());
    const logged = JSON.parse(lines[0]!).err;
    expect(logged).toMatchObject({ service: 'entra', failure: 'unauthorized', retryable: false, status: 401, vendorCode: 'invalid_client' });
    expect(logged.vendorMessage).toBe('AADSTS7000215: Invalid client secret provided.');
    expect(logged.userMessage).toContain('check AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH');
  });

  test('an Error logged on its own does not leak its message into msg', () => {
    const { logger, output } = capture();
    logger.error(new Error(`auth.test failed with ${BOT_TOKEN}`));
    expectNoSecrets(output());
    expect(output()).toContain('auth.test failed with');
  });

  test('a secret nested deeper than the scrubbing depth is still hidden', () => {
    const { logger, output } = capture();
    let payload: Record<string, unknown> = { token_in_text: `Bearer ${JWT}` };
    for (let level = 0; level < 12; level += 1) payload = { inner: payload };
    logger.error({ response: payload }, 'graph error');
    expectNoSecrets(output());
  });

  test('ordinary text passes through unchanged', () => {
    const { logger, lines } = capture();
    const message = 'Request #42 for logistics.contoso.com approved by U0BOB for 1 day (Defender indicator 12345)';
    logger.info({ url: 'https://logistics.contoso.com/portal/login?user=alice&lang=en', devices: ['PC-01', 'PC-02'] }, message);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: message,
      url: 'https://logistics.contoso.com/portal/login?user=alice&lang=en',
      devices: ['PC-01', 'PC-02'],
    });
  });
});

describe('scrubText', () => {
  test.each([
    [`token ${BOT_TOKEN} end`, 'token [redacted] end'],
    [`app ${APP_TOKEN}`, 'app [redacted]'],
    ['user xoxp-1-2-3-abc and refresh xoxe-1-abc', 'user [redacted] and refresh [redacted]'],
    [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer [redacted]'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [redacted]'],
    ['a=1&client_secret=abc123&b=2', 'a=1&client_secret=[redacted]&b=2'],
    ['refresh_token=r-1 access_token=a-2', 'refresh_token=[redacted] access_token=[redacted]'],
    [`id ${JWT}.`, 'id [redacted].'],
    ['no secrets here: logistics.contoso.com blocked 3 times', 'no secrets here: logistics.contoso.com blocked 3 times'],
  ])('%j becomes %j', (text, expected) => {
    expect(scrubText(text)).toBe(expected);
  });

  test('hides every occurrence of a known secret', () => {
    expect(scrubText(`${SIGNING_SECRET}/${SIGNING_SECRET}`, [SIGNING_SECRET])).toBe('[redacted]/[redacted]');
  });

  test('ignores known values too short to be secrets, so ordinary words survive', () => {
    expect(scrubText('the bot is on', ['bot', ''])).toBe('the bot is on');
  });
});

describe('scrubValue', () => {
  test('scrubs strings in nested objects and arrays without changing other values', () => {
    const input = { a: [1, `Bearer ${JWT}`, { b: BOT_TOKEN, ok: true, none: null }], n: 3 };
    expect(scrubValue(input, [])).toEqual({ a: [1, 'Bearer [redacted]', { b: '[redacted]', ok: true, none: null }], n: 3 });
    expect(input.a[1]).toBe(`Bearer ${JWT}`);
  });

  test('handles cycles', () => {
    const node: Record<string, unknown> = { name: 'request', token: BOT_TOKEN };
    node.self = node;
    const list: unknown[] = ['x'];
    list.push(list);
    const scrubbed = scrubValue({ node, list }, []);
    expect(scrubbed).toEqual({ node: { name: 'request', token: '[redacted]', self: '[circular]' }, list: ['x', '[circular]'] });
    expect(() => JSON.stringify(scrubbed)).not.toThrow();
  });

  test('does not leave a secret in place below its depth bound', () => {
    let payload: unknown = `xoxb-deeply-nested-token-123`;
    for (let level = 0; level < 12; level += 1) payload = { inner: payload };
    expect(JSON.stringify(scrubValue(payload, []))).not.toContain('xoxb-deeply-nested-token-123');
  });
});
