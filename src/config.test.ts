import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES, type AzureCredentialConfig } from './config.ts';

type Env = Record<string, string | undefined>;

/** The smallest environment that starts Unblock in HTTP mode. */
const httpMode: Env = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef',
  SLACK_SIGNING_SECRET: 'signing-secret-0123456789',
  APPROVAL_CHANNEL_ID: 'C0APPROVE',
  APPROVER_USER_IDS: 'U0BOB',
};

const withEnv = (overrides: Env): Env => ({ ...httpMode, ...overrides });

/** Runs loadConfig expecting it to refuse, and returns the ConfigError. */
function refusal(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

/** The variable names a ConfigError complains about, in order. */
const problemKeys = (error: ConfigError) => error.problems.map((p) => p.slice(0, p.indexOf(':')));

describe('loadConfig with a minimal HTTP-mode environment', () => {
  const config = loadConfig(httpMode);

  test('reads the Slack settings it was given', () => {
    expect(config.slack).toEqual({
      botToken: 'xoxb-1111-2222-abcdef',
      signingSecret: 'signing-secret-0123456789',
      appToken: undefined,
      apiUrl: 'https://slack.com/api/',
      approvalChannelId: 'C0APPROVE',
      approverUserIds: ['U0BOB'],
      approverUsergroupId: undefined,
    });
  });

  test('fills in the documented defaults', () => {
    expect(config.port).toBe(3000);
    expect(config.host).toBeUndefined();
    expect(config.graphBaseUrl).toBe('https://graph.microsoft.com');
    expect(config.defender).toEqual({
      apiUrl: 'https://api.security.microsoft.com',
      scope: 'https://api.securitycenter.microsoft.com/.default',
      timeoutMs: 30_000,
    });
    expect(config.limits).toEqual({ reportsPerHour: 10, openAllowsPerRequester: 5 });
    expect(config.lifecycle.reconcileInterval.ms).toBe(60_000);
    expect(config.lifecycle.policy).toEqual({
      shortReminderLeadMs: 3_600_000,
      longReminderLeadMs: 86_400_000,
      longAllowMs: 3 * 86_400_000,
      activationAlertAfterMs: 3_600_000,
      expiryGraceMs: 15 * 60_000,
      driftIntervalMs: 3_600_000,
      verifyAfterMs: 2 * 3_600_000,
      verifyAgainAfterMs: 86_400_000,
    });
    expect(config.lifecycle.pending).toEqual({ escalateAfterMs: 30 * 60_000, pendingTtlMs: 3 * 86_400_000 });
    expect(config.database).toEqual({ url: undefined, dataDir: './data' });
    expect(config.maxAllowDuration).toEqual({ iso: 'P30D', ms: 30 * 86_400_000 });
    expect(config.huntingLookback).toEqual({ iso: 'P7D', ms: 7 * 86_400_000 });
    expect(config.logLevel).toBe('info');
    expect(config.azure).toEqual({
      credential: { kind: 'managed-identity', clientId: undefined },
      authorityHost: undefined,
      disableInstanceDiscovery: false,
    });
  });

  test('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
  });
});

describe('ESCALATE_AFTER and PENDING_TTL: how long a request may wait for approvers', () => {
  test('reads both as ISO-8601 durations', () => {
    expect(loadConfig(withEnv({ ESCALATE_AFTER: 'PT2H', PENDING_TTL: 'P1D' })).lifecycle.pending).toEqual({ escalateAfterMs: 2 * 3_600_000, pendingTtlMs: 86_400_000 });
  });

  test.each([
    [{ ESCALATE_AFTER: 'P1D', PENDING_TTL: 'P1D' }, 'ESCALATE_AFTER: must be shorter than PENDING_TTL, or undecided requests would close before the approvers were reminded'],
    [{ ESCALATE_AFTER: 'P8D' }, 'ESCALATE_AFTER: at most P7D'],
    [{ PENDING_TTL: 'P31D' }, 'PENDING_TTL: at most P30D'],
    [{ PENDING_TTL: 'P1M' }, 'PENDING_TTL: use days, hours or minutes (years and months vary in length)'],
  ])('refuses %j', (env, problem) => {
    expect(refusal(withEnv(env)).problems).toEqual([problem]);
  });
});

describe('VERIFY_AFTER and VERIFY_AGAIN_AFTER: when an active allow is checked by hunting', () => {
  test('reads both as ISO-8601 durations', () => {
    const { policy } = loadConfig(withEnv({ VERIFY_AFTER: 'PT30M', VERIFY_AGAIN_AFTER: 'PT36H' })).lifecycle;
    expect([policy.verifyAfterMs, policy.verifyAgainAfterMs]).toEqual([30 * 60_000, 36 * 3_600_000]);
  });

  test.each([
    [{ VERIFY_AFTER: 'P1D', VERIFY_AGAIN_AFTER: 'P1D' }, 'VERIFY_AFTER: must be shorter than VERIFY_AGAIN_AFTER, the second check after an allow became active'],
    [{ VERIFY_AGAIN_AFTER: 'P3D' }, 'VERIFY_AGAIN_AFTER: at most P2D'],
  ])('refuses %j', (env, problem) => {
    expect(refusal(withEnv(env)).problems).toEqual([problem]);
  });
});

describe('Socket Mode', () => {
  test('does not need SLACK_SIGNING_SECRET when SLACK_APP_TOKEN is set', () => {
    const config = loadConfig(withEnv({ SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1-A0123-456-abcdef' }));
    expect(config.slack.appToken).toBe('xapp-1-A0123-456-abcdef');
    expect(config.slack.signingSecret).toBeUndefined();
  });

  test('refuses an app token that is not an xapp- token', () => {
    const error = refusal(withEnv({ SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }));
    expect(problemKeys(error)).toEqual(['SLACK_APP_TOKEN']);
  });
});

describe('missing variables', () => {
  test('an empty environment lists every missing variable in one ConfigError', () => {
    const error = refusal({});
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(new Set(problemKeys(error))).toEqual(new Set(['SLACK_BOT_TOKEN', 'APPROVAL_CHANNEL_ID', 'SLACK_SIGNING_SECRET', 'APPROVER_USER_IDS']));
    for (const key of ['SLACK_BOT_TOKEN', 'APPROVAL_CHANNEL_ID', 'SLACK_SIGNING_SECRET', 'APPROVER_USER_IDS']) {
      expect(error.message).toContain(key);
    }
  });

  test.each([['SLACK_SIGNING_SECRET'], ['APPROVER_USER_IDS']])('a blank %s counts as missing', (key) => {
    expect(problemKeys(refusal(withEnv({ [key]: '   ' })))).toEqual([key]);
  });

  test('an approver user group alone is enough to name approvers', () => {
    const config = loadConfig(withEnv({ APPROVER_USER_IDS: undefined, APPROVER_USERGROUP_ID: 'S0APPROVERS' }));
    expect(config.slack.approverUserIds).toEqual([]);
    expect(config.slack.approverUsergroupId).toBe('S0APPROVERS');
  });
});

test.each(['127.0.0.1', '::1', '0.0.0.0', 'localhost'])('HOST %s is the address to listen on', (host) => {
  expect(loadConfig(withEnv({ HOST: host })).host).toBe(host);
});

test('METRICS_TOKEN protects /metrics when set; unset (or empty) leaves it open, as Prometheus expects by default', () => {
  expect(loadConfig(withEnv({ METRICS_TOKEN: ' 0123456789abcdef0123 ' })).metricsToken).toBe('0123456789abcdef0123');
  expect(loadConfig(withEnv({ METRICS_TOKEN: '' })).metricsToken).toBeUndefined();
  expect(loadConfig(withEnv({})).metricsToken).toBeUndefined();
});

test('a refused METRICS_TOKEN is never echoed in the error', () => {
  expect(refusal(withEnv({ METRICS_TOKEN: 'too-short-token' })).message).not.toContain('too-short-token');
});

describe('bad values', () => {
  test.each<[string, Env, string]>([
    ['a PORT that is not a number', { PORT: 'abc' }, 'PORT'],
    ['a PORT out of range', { PORT: '70000' }, 'PORT'],
    ['a HOST that is not an address', { HOST: 'http://127.0.0.1' }, 'HOST'],
    ['a METRICS_TOKEN shorter than 16 characters', { METRICS_TOKEN: 'short-token' }, 'METRICS_TOKEN'],
    ['a METRICS_TOKEN with a space inside', { METRICS_TOKEN: 'a-long-token with-space' }, 'METRICS_TOKEN'],
    ['a user token instead of a bot token', { SLACK_BOT_TOKEN: 'xoxp-1111-2222-abcdef' }, 'SLACK_BOT_TOKEN'],
    ['a channel name instead of an id', { APPROVAL_CHANNEL_ID: 'general' }, 'APPROVAL_CHANNEL_ID'],
    ['a user name instead of an id', { APPROVER_USER_IDS: 'bob' }, 'APPROVER_USER_IDS'],
    ['a user group name instead of an id', { APPROVER_USERGROUP_ID: 'security-team' }, 'APPROVER_USERGROUP_ID'],
    ['a maximum allow in months', { MAX_ALLOW_DURATION: 'P1M' }, 'MAX_ALLOW_DURATION'],
    ['a maximum allow over a year', { MAX_ALLOW_DURATION: 'P400D' }, 'MAX_ALLOW_DURATION'],
    ['a threat maximum in months', { MAX_THREAT_ALLOW_DURATION: 'P1M' }, 'MAX_THREAT_ALLOW_DURATION'],
    ['a C2 override that is no flag', { ALLOW_C2_OVERRIDE: 'sure' }, 'ALLOW_C2_OVERRIDE'],
    ['a hunting lookback over 30 days', { HUNTING_LOOKBACK: 'P60D' }, 'HUNTING_LOOKBACK'],
    ['a hunting lookback that is not a duration', { HUNTING_LOOKBACK: 'a week' }, 'HUNTING_LOOKBACK'],
    ['a MySQL database URL', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    ['an authority host over plain http', { AZURE_AUTHORITY_HOST: 'http://login.example' }, 'AZURE_AUTHORITY_HOST'],
    ['a Graph base URL that is not a URL', { GRAPH_BASE_URL: 'graph.microsoft.com' }, 'GRAPH_BASE_URL'],
    ['an instance-discovery flag that is not a boolean', { AZURE_DISABLE_INSTANCE_DISCOVERY: 'maybe' }, 'AZURE_DISABLE_INSTANCE_DISCOVERY'],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [
      'both a client secret and a certificate',
      { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client', AZURE_CLIENT_SECRET: 'azure-secret', AZURE_CLIENT_CERTIFICATE_PATH: '/certs/app.pem' },
      'AZURE_CLIENT_CERTIFICATE_PATH',
    ],
  ])('reports %s', (_, overrides, key) => {
    const error = refusal(withEnv(overrides));
    expect(problemKeys(error)).toEqual([key]);
    expect(error.message).toContain(`${key}:`);
  });

  test.each<[string, Env]>([
    ['a client secret', { AZURE_CLIENT_SECRET: 'azure-secret-value' }],
    ['a certificate', { AZURE_CLIENT_CERTIFICATE_PATH: '/certs/app.pem' }],
    ['a federated token file', { AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/token' }],
  ])('%s without tenant and client id reports both', (_, overrides) => {
    expect(problemKeys(refusal(withEnv(overrides)))).toEqual(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
  });

  test('reports every bad value at once', () => {
    const error = refusal(
      withEnv({ PORT: 'abc', SLACK_BOT_TOKEN: 'xoxp-1', APPROVAL_CHANNEL_ID: 'general', APPROVER_USER_IDS: 'bob', MAX_ALLOW_DURATION: 'P1M', HUNTING_LOOKBACK: 'P60D', DATABASE_URL: 'mysql://x' }),
    );
    expect(new Set(problemKeys(error))).toEqual(
      new Set(['PORT', 'SLACK_BOT_TOKEN', 'APPROVAL_CHANNEL_ID', 'APPROVER_USER_IDS', 'MAX_ALLOW_DURATION', 'HUNTING_LOOKBACK', 'DATABASE_URL']),
    );
  });
});

describe('the error message never repeats a secret value', () => {
  test.each<[string, Env, string]>([
    ['the signing secret beside other errors', { SLACK_SIGNING_SECRET: 'super-secret-value-123', PORT: 'abc', APPROVAL_CHANNEL_ID: 'general' }, 'super-secret-value-123'],
    ['a wrong-kind Slack token', { SLACK_BOT_TOKEN: 'xoxp-9999-leaked-user-token' }, 'xoxp-9999-leaked-user-token'],
    ['a malformed app token', { SLACK_APP_TOKEN: 'not-an-app-token-secret-42' }, 'not-an-app-token-secret-42'],
    ['a client secret set with a certificate', { AZURE_CLIENT_SECRET: 'azure-client-secret-987', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' }, 'azure-client-secret-987'],
    ['a database URL with a password', { DATABASE_URL: 'mysql://admin:db-password-555@db.internal/unblock' }, 'db-password-555'],
  ])('%s', (_, overrides, secret) => {
    const error = refusal(withEnv(overrides));
    expect(error.message).not.toContain(secret);
    expect(error.problems.join('\n')).not.toContain(secret);
  });
});

describe('Azure credential', () => {
  test.each<[string, Env, AzureCredentialConfig]>([
    [
      'a client secret',
      { AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'client-1', AZURE_CLIENT_SECRET: 'azure-secret' },
      { kind: 'secret', tenantId: 'tenant-1', clientId: 'client-1', clientSecret: 'azure-secret' },
    ],
    [
      'a certificate',
      { AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'client-1', AZURE_CLIENT_CERTIFICATE_PATH: '/certs/app.pem' },
      { kind: 'certificate', tenantId: 'tenant-1', clientId: 'client-1', certificatePath: '/certs/app.pem' },
    ],
    [
      'a federated token file',
      { AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'client-1', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/token' },
      { kind: 'workload-identity', tenantId: 'tenant-1', clientId: 'client-1', tokenFilePath: '/var/run/secrets/azure/token' },
    ],
    ['nothing (system-assigned managed identity)', {}, { kind: 'managed-identity', clientId: undefined }],
    ['only a client id (user-assigned managed identity)', { AZURE_CLIENT_ID: 'client-1' }, { kind: 'managed-identity', clientId: 'client-1' }],
    ['blank Azure variables', { AZURE_CLIENT_ID: ' ', AZURE_CLIENT_SECRET: '' }, { kind: 'managed-identity', clientId: undefined }],
  ])('with %s', (_, overrides, credential) => {
    expect(loadConfig(withEnv(overrides)).azure.credential).toEqual(credential);
  });

  test('keeps an https authority host', () => {
    expect(loadConfig(withEnv({ AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' })).azure.authorityHost).toBe('https://login.microsoftonline.us');
  });

  test.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['', false],
  ])('AZURE_DISABLE_INSTANCE_DISCOVERY=%j is %s', (value, expected) => {
    expect(loadConfig(withEnv({ AZURE_DISABLE_INSTANCE_DISCOVERY: value })).azure.disableInstanceDiscovery).toBe(expected);
  });
});

describe('value normalisation', () => {
  test.each([
    ['https://graph.example.test/', 'https://graph.example.test'],
    ['https://graph.example.test///', 'https://graph.example.test'],
    ['http://127.0.0.1:8443/', 'http://127.0.0.1:8443'],
    ['https://graph.example.test', 'https://graph.example.test'],
  ])('GRAPH_BASE_URL %s becomes %s', (value, expected) => {
    expect(loadConfig(withEnv({ GRAPH_BASE_URL: value })).graphBaseUrl).toBe(expected);
  });

  test('trims the trailing slash from DEFENDER_API_URL', () => {
    expect(loadConfig(withEnv({ DEFENDER_API_URL: 'https://defender.example.test/' })).defender.apiUrl).toBe('https://defender.example.test');
  });

  test.each([
    ['http://127.0.0.1:9999/api', 'http://127.0.0.1:9999/api/'],
    ['http://127.0.0.1:9999/api/', 'http://127.0.0.1:9999/api/'],
  ])('SLACK_API_URL %s ends with one slash', (value, expected) => {
    expect(loadConfig(withEnv({ SLACK_API_URL: value })).slack.apiUrl).toBe(expected);
  });

  test.each([
    ['U1AAA, U2BBB', ['U1AAA', 'U2BBB']],
    [' U1AAA ,U2BBB,', ['U1AAA', 'U2BBB']],
    ['W1AAA', ['W1AAA']],
  ])('APPROVER_USER_IDS %j is read as %j', (value, ids) => {
    expect(loadConfig(withEnv({ APPROVER_USER_IDS: value })).slack.approverUserIds).toEqual(ids);
  });

  // A `.env` copied from a template often has `PORT=` lines; blank optional secrets already count as unset.
  test.each([
    ['PORT', (c: ReturnType<typeof loadConfig>) => c.port, 3000],
    ['DATA_DIR', (c: ReturnType<typeof loadConfig>) => c.database.dataDir, './data'],
  ])('a blank %s falls back to its default', (key, read, expected) => {
    expect(read(loadConfig(withEnv({ [key]: '' })))).toBe(expected);
  });

  test.each([
    ['PORT', '8080', (c: ReturnType<typeof loadConfig>) => c.port, 8080],
    ['MAX_ALLOW_DURATION', 'P7D', (c: ReturnType<typeof loadConfig>) => c.maxAllowDuration.iso, 'P7D'],
    ['HUNTING_LOOKBACK', 'P30D', (c: ReturnType<typeof loadConfig>) => c.huntingLookback.iso, 'P30D'],
    ['MAX_THREAT_ALLOW_DURATION', 'PT12H', (c: ReturnType<typeof loadConfig>) => c.maxThreatAllowDuration.iso, 'PT12H'],
    ['ALLOW_C2_OVERRIDE', 'true', (c: ReturnType<typeof loadConfig>) => c.allowC2Override, true],
    ['DATABASE_URL', 'postgresql://u@db/unblock', (c: ReturnType<typeof loadConfig>) => c.database.url, 'postgresql://u@db/unblock'],
    ['DATA_DIR', '/var/lib/unblock', (c: ReturnType<typeof loadConfig>) => c.database.dataDir, '/var/lib/unblock'],
    ['LOG_LEVEL', 'debug', (c: ReturnType<typeof loadConfig>) => c.logLevel, 'debug'],
  ])('reads %s=%s', (key, value, read, expected) => {
    expect(read(loadConfig(withEnv({ [key]: value })))).toBe(expected);
  });
});

describe('DEFENDER_API_SCOPE: a client-credentials scope ends in /.default (Entra: AADSTS1002012 otherwise)', () => {
  const scopeOf = (value: string) => loadConfig(withEnv({ DEFENDER_API_SCOPE: value })).defender.scope;

  test.each([
    ['the documented scope', 'https://api.securitycenter.microsoft.com/.default', 'https://api.securitycenter.microsoft.com/.default'],
    ['the resource form some docs show', 'https://securitycenter.onmicrosoft.com/windowsatpservice', 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default'],
    ['the resource form with a trailing slash', 'https://securitycenter.onmicrosoft.com/windowsatpservice/', 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default'],
    ['the resource form as a bare host', 'https://api.securitycenter.microsoft.com', 'https://api.securitycenter.microsoft.com/.default'],
    ['the resource form of that .default', 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default', 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default'],
    ['surrounding spaces', '  https://api.securitycenter.microsoft.com/.default ', 'https://api.securitycenter.microsoft.com/.default'],
    ["the API's application (client) id form", '0C1E4E2B-0000-4000-8000-00000000ABCD/.default', '0c1e4e2b-0000-4000-8000-00000000abcd/.default'],
  ])('accepts %s', (_, value, scope) => {
    expect(scopeOf(value)).toBe(scope);
  });

  test.each([
    ['a delegated permission suffix', 'https://api.securitycenter.microsoft.com/user_impersonation'],
    ['a single permission name', 'https://api.securitycenter.microsoft.com/Ti.ReadWrite'],
    ['a single permission name on the resource form', 'https://securitycenter.onmicrosoft.com/windowsatpservice/Ti.ReadWrite.All'],
    ['several scopes', 'https://api.securitycenter.microsoft.com/.default offline_access'],
    ['several scopes, comma-separated', 'https://api.securitycenter.microsoft.com/.default,https://graph.microsoft.com/.default'],
    ['plain http', 'http://api.securitycenter.microsoft.com/.default'],
    ['no scheme', 'defender-api.contoso.test/.default'],
    ['an app id URI of another scheme', 'api://fc780465-2017-40d4-a0c5-307022471b92/.default'],
    ['a query', 'https://api.securitycenter.microsoft.com/.default?x=1'],
    ['a bare permission', 'Ti.ReadWrite'],
  ])('refuses %s, naming DEFENDER_API_SCOPE and never echoing the value', (_, value) => {
    const error = refusal(withEnv({ DEFENDER_API_SCOPE: value }));
    expect(problemKeys(error)).toEqual(['DEFENDER_API_SCOPE']);
    expect(error.message).toContain('DEFENDER_API_SCOPE: ');
    expect(error.message).toContain('https://api.securitycenter.microsoft.com/.default');
    expect(error.message).not.toContain(value.trim());
  });

  test('the resource form refusal explains why a permission suffix is wrong', () => {
    const error = refusal(withEnv({ DEFENDER_API_SCOPE: 'https://api.securitycenter.microsoft.com/user_impersonation' }));
    expect(error.problems[0]).toMatch(/permission name.*must end in \/\.default/);
  });
});

describe('GRAPH_BASE_URL is the Graph host (its token scope is <GRAPH_BASE_URL>/.default)', () => {
  test.each([
    ['a version path', 'https://graph.microsoft.com/v1.0'],
    ['a longer path', 'https://graph.microsoft.com/v1.0/security'],
    ['a query', 'https://graph.microsoft.com/?x=1'],
  ])('refuses %s, naming GRAPH_BASE_URL', (_, value) => {
    const error = refusal(withEnv({ GRAPH_BASE_URL: value }));
    expect(problemKeys(error)).toEqual(['GRAPH_BASE_URL']);
    expect(error.message).toContain('without a path');
  });
});

describe('DATA_DIR is read as PGlite reads it, so the directory locked is the one opened', () => {
  const dataDirOf = (value: string) => loadConfig(withEnv({ DATA_DIR: value })).database.dataDir;

  test.each([
    ['an absolute path', '/var/lib/unblock', '/var/lib/unblock'],
    ['a relative path', 'data', 'data'],
    ['file:// and an absolute path', 'file:///var/lib/unblock', '/var/lib/unblock'],
    // PGlite removes the prefix as text (parseDataDir in @electric-sql/pglite src/fs/index.ts).
    ['file:// and a relative path', 'file://data', 'data'],
    ['file:// and ./', 'file://./data', './data'],
    ['memory:// (nothing kept, for tests)', 'memory://', 'memory://'],
  ])('reads %s: %s as %s', (_, value, dataDir) => {
    expect(dataDirOf(value)).toBe(dataDir);
  });

  test.each([
    ["PGlite's IndexedDB store", 'idb://unblock', /^DATA_DIR: idb:\/\/ is not a directory \(PGlite's idb:\/\/ store exists only in browsers\); .*\/var\/lib\/unblock/],
    ["PGlite's OPFS store", 'opfs-ahp://unblock', /^DATA_DIR: opfs-ahp:\/\/ is not a directory \(PGlite's opfs-ahp:\/\/ store exists only in browsers\)/],
    ["PGlite's memfs2opfs store", 'memfs2opfs://unblock', /^DATA_DIR: memfs2opfs:\/\/ is not a directory/],
    ['another scheme', 's3://bucket/unblock', /^DATA_DIR: s3:\/\/ is not a directory; Unblock keeps its embedded database in a directory/],
    ['another scheme after file://', 'file://idb://unblock', /^DATA_DIR: idb:\/\/ is not a directory/],
    ['file:// without a path', 'file://', /^DATA_DIR: file:\/\/ needs a path after it; give a directory path such as \/var\/lib\/unblock/],
  ])('refuses %s (%s), naming DATA_DIR', (_, value, problem) => {
    const error = refusal(withEnv({ DATA_DIR: value }));
    expect(problemKeys(error)).toEqual(['DATA_DIR']);
    expect(error.problems[0]).toMatch(problem);
  });
});

describe('SENTINEL_*: forwarding the audit trail to Sentinel, all three settings or none', () => {
  const sentinel = {
    SENTINEL_DCE_ENDPOINT: 'https://unblock-dce-a1b2.westeurope-1.ingest.monitor.azure.com/',
    SENTINEL_DCR_IMMUTABLE_ID: 'dcr-0123456789abcdef0123456789abcdef',
    SENTINEL_STREAM_NAME: 'Custom-UnblockAudit_CL',
  };

  test('is off without them', () => {
    expect(loadConfig(httpMode).sentinel).toBeUndefined();
  });

  test('reads the three, with the public cloud audience and a one-minute interval by default', () => {
    expect(loadConfig(withEnv(sentinel)).sentinel).toEqual({
      endpoint: 'https://unblock-dce-a1b2.westeurope-1.ingest.monitor.azure.com',
      ruleId: 'dcr-0123456789abcdef0123456789abcdef',
      streamName: 'Custom-UnblockAudit_CL',
      audience: 'https://monitor.azure.com',
      intervalMs: 60_000,
    });
    expect(loadConfig(withEnv({ ...sentinel, SENTINEL_AUDIENCE: 'https://monitor.azure.us', SENTINEL_FORWARD_INTERVAL: 'PT5M' })).sentinel).toMatchObject({
      audience: 'https://monitor.azure.us',
      intervalMs: 300_000,
    });
  });

  test('names each missing one when only some are set', () => {
    expect(problemKeys(refusal(withEnv({ SENTINEL_DCE_ENDPOINT: sentinel.SENTINEL_DCE_ENDPOINT })))).toEqual(['SENTINEL_DCR_IMMUTABLE_ID', 'SENTINEL_STREAM_NAME']);
  });

  test.each([
    ['SENTINEL_DCE_ENDPOINT', 'http://unblock-dce.westeurope-1.ingest.monitor.azure.com'],
    ['SENTINEL_DCE_ENDPOINT', 'https://unblock-dce.westeurope-1.ingest.monitor.azure.com/dataCollectionRules/x'],
    ['SENTINEL_DCR_IMMUTABLE_ID', 'my-rule'],
    ['SENTINEL_STREAM_NAME', 'Microsoft-AuditTable'],
    ['SENTINEL_AUDIENCE', 'https://monitor.azure.com/.default'],
  ])('refuses %s=%s, naming it and never its value', (key, value) => {
    const error = refusal(withEnv({ ...sentinel, [key]: value }));
    expect(problemKeys(error)).toEqual([key]);
    expect(error.message).not.toContain(value);
  });
});

test("the README's Configuration table lists exactly the settings Unblock reads", async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Configuration\n')[1]!.split('\n## ')[0]!;
  const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
  expect([...documented].sort()).toEqual([...SETTING_NAMES].sort());
});
