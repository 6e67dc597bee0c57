import { isIP } from 'node:net';
import { z } from 'zod';
import type { LifecyclePolicy } from './domain/lifecycle/lifecycle-policy.ts';
import type { ReportLimits } from './domain/request/report-limits.ts';
import type { PendingPolicy } from './domain/request/pending-due.ts';
import { parseAllowDuration, type AllowDuration, type DurationRefusal } from './domain/request/allow-duration.ts';
import { parsePgliteDataDir } from './adapters/db/pglite-data-dir.ts';
import { SLACK_USER_ID } from './adapters/slack/slack-ids.ts';

/** An operator's wording of a refused duration setting. */
function durationRefusalText(refusal: DurationRefusal): string {
  switch (refusal.code) {
    case 'not_a_duration':
      return `"${refusal.text}" is not an ISO-8601 duration such as P1D or PT8H`;
    case 'calendar_units':
      return 'use days, hours or minutes (years and months vary in length)';
    case 'not_positive':
      return 'the duration must be longer than zero';
  }
}

const isoDuration = (maxDays: number) =>
  z.string().transform((text, ctx): AllowDuration => {
    const parsed = parseAllowDuration(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: durationRefusalText(parsed.error) });
      return z.NEVER;
    }
    if (parsed.value.ms > maxDays * 86_400_000) {
      ctx.addIssue({ code: 'custom', message: `at most ${maxDays >= 1 ? `P${maxDays}D` : maxDays >= 1 / 24 ? `PT${Math.round(maxDays * 24)}H` : `PT${Math.round(maxDays * 1440)}M`}` });
      return z.NEVER;
    }
    return parsed.value;
  });

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `${what}: an http(s) URL` })
    .transform((url) => url.replace(/\/+$/, ''));

const SCOPE_EXAMPLE = 'https://api.securitycenter.microsoft.com/.default';

/**
 * A client-credentials token scope: one resource followed by `/.default` (Entra refuses anything
 * else with AADSTS1002012, defender-api.md §8). The resource form some Defender docs show,
 * `https://securitycenter.onmicrosoft.com/windowsatpservice`, gets `/.default` appended. Refused,
 * so the bot does not start healthy and fail at the first approval: several scopes, non-https,
 * query or fragment, and a permission name instead of `.default` (`/user_impersonation`, `/Ti.ReadWrite`).
 */
const ClientCredentialScope = z.string().transform((raw, ctx): string => {
  const refuse = (why: string) => {
    ctx.addIssue({ code: 'custom', message: `${why}; use ${SCOPE_EXAMPLE} (the resource form https://securitycenter.onmicrosoft.com/windowsatpservice works too)` });
    return z.NEVER;
  };
  const text = raw.trim();
  // Entra's client-credentials scope is `<resource identifier>/.default`, the identifier being the
  // resource's application ID URI or its application (client) id: the id form is a valid scope too.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\.default$/i.test(text)) return text.toLowerCase();
  if (/\s|,/.test(text)) return refuse('one scope only: Unblock signs in as an application (client credentials), which takes a single <resource>/.default scope');
  if (!/^https:\/\/[^/?#@\s]+(\/[^?#\s]*)?$/i.test(text) || !URL.canParse(text)) return refuse('an https URL without query, fragment or user name');
  const resource = text.replace(/\/+$/, '');
  if (resource.endsWith('/.default')) return resource;
  const hasPath = resource.indexOf('/', 'https://'.length) >= 0;
  const last = hasPath ? resource.slice(resource.lastIndexOf('/') + 1) : '';
  if (/^user_impersonation$/i.test(last) || last.includes('.')) {
    return refuse('it ends in a permission name; an application (client credentials) token scope must end in /.default');
  }
  return `${resource}/.default`;
});

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { error: 'true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Every environment variable Unblock reads, with what it should hold. */
const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: 'required: the bot token (xoxb-…) from OAuth & Permissions' }).regex(/^xoxb-\S+$/, 'a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || /^xapp-\S+$/.test(v), 'an app-level token starting with xapp-'),
    PORT: z.coerce.number({ error: 'a TCP port number' }).int().min(0).max(65535).default(3000),
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || (v.length >= 16 && !/\s/.test(v)), 'at least 16 characters with no spaces (e.g. from `openssl rand -hex 32`), or unset for no authentication'),
    HOST: optionalText.refine((v) => v === undefined || isIP(v) !== 0 || v === 'localhost', 'an IP address to listen on (127.0.0.1, ::1, 0.0.0.0, ::) or localhost'),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'the Slack Web API base URL' })
      .default('https://slack.com/api/')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
    APPROVAL_CHANNEL_ID: z.string({ error: 'required: the channel id (C…) where approvers get requests' }).regex(/^[CG][A-Z0-9]{2,}$/, 'a channel id such as C0123456789'),
    APPROVER_USER_IDS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((id) => id.trim()).filter((id) => id !== ''))
      .refine((ids) => ids.every((id) => SLACK_USER_ID.test(id)), 'comma-separated Slack user ids such as U0123456789'),
    APPROVER_USERGROUP_ID: optionalText.refine((v) => v === undefined || /^S[A-Z0-9]{2,}$/.test(v), 'a user group id such as S0123456789'),
    AZURE_TENANT_ID: optionalText,
    AZURE_CLIENT_ID: optionalText,
    AZURE_CLIENT_SECRET: optionalText,
    AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
    AZURE_FEDERATED_TOKEN_FILE: optionalText,
    AZURE_AUTHORITY_HOST: optionalText.pipe(z.url({ protocol: /^https$/, error: 'an https URL such as https://login.microsoftonline.us' }).optional()),
    AZURE_DISABLE_INSTANCE_DISCOVERY: flag.default(false),
    // The token scope is <GRAPH_BASE_URL>/.default and the SDK adds /v1.0 itself: a path breaks both.
    GRAPH_BASE_URL: httpUrl('the Microsoft Graph base URL')
      .refine((url) => new URL(url).pathname === '/' && !/[?#]/.test(url), 'the Microsoft Graph host without a path (Unblock adds /v1.0), e.g. https://graph.microsoft.com')
      .default('https://graph.microsoft.com'),
    DEFENDER_API_URL: httpUrl('the Defender for Endpoint API base URL').default('https://api.security.microsoft.com'),
    DEFENDER_API_SCOPE: ClientCredentialScope.default(SCOPE_EXAMPLE),
    DEFENDER_REQUEST_TIMEOUT: isoDuration(1 / 288).prefault('PT30S'),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'a postgres:// connection URL'),
    // Read once, as PGlite reads it: the bot locks the very directory PGlite opens (file:// removed).
    DATA_DIR: z
      .string()
      .default('./data')
      .transform((text, ctx): string => {
        const parsed = parsePgliteDataDir(text);
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed.value.kind === 'memory' ? parsed.value.dataDir : parsed.value.path;
      }),
    MAX_ALLOW_DURATION: isoDuration(365).prefault('P30D'),
    MAX_THREAT_ALLOW_DURATION: isoDuration(365).prefault('P1D'),
    ALLOW_C2_OVERRIDE: flag.default(false),
    HUNTING_LOOKBACK: isoDuration(30).prefault('P7D'),
    RECONCILE_INTERVAL: isoDuration(1 / 24).prefault('PT60S'),
    MAX_REPORTS_PER_HOUR: z.coerce.number({ error: 'a whole number' }).int().min(1).max(1000).default(10),
    MAX_OPEN_REQUESTS_PER_USER: z.coerce.number({ error: 'a whole number' }).int().min(1).max(1000).default(5),
    ACTIVATION_ALERT_AFTER: isoDuration(7).prefault('PT1H'),
    REMINDER_LEAD_LONG: isoDuration(7).prefault('PT24H'),
    REMINDER_LEAD_SHORT: isoDuration(7).prefault('PT1H'),
    REMINDER_LONG_ALLOW: isoDuration(365).prefault('P3D'),
    EXPIRY_GRACE: isoDuration(1).prefault('PT15M'),
    DRIFT_CHECK_INTERVAL: isoDuration(1 / 24).prefault('PT1H'),
    ESCALATE_AFTER: isoDuration(7).prefault('PT30M'),
    PENDING_TTL: isoDuration(30).prefault('P3D'),
    VERIFY_AFTER: isoDuration(2).prefault('PT2H'),
    VERIFY_AGAIN_AFTER: isoDuration(2).prefault('P1D'),
    DRY_RUN: flag.default(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Forwarding the audit trail to a Microsoft Sentinel custom table (Azure Monitor Logs Ingestion
    // API): the data collection endpoint (or the rule's logs ingestion endpoint), the rule's
    // immutable id and its stream. All three or none (crossVariableProblems).
    SENTINEL_DCE_ENDPOINT: optionalText.pipe(
      z
        .url({ protocol: /^https$/, error: 'the data collection endpoint, an https URL such as https://my-dce-a1b2.westeurope-1.ingest.monitor.azure.com' })
        .refine((url) => new URL(url).pathname === '/' && !/[?#]/.test(url), 'the endpoint without a path, e.g. https://my-dce-a1b2.westeurope-1.ingest.monitor.azure.com')
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    SENTINEL_DCR_IMMUTABLE_ID: optionalText.refine((v) => v === undefined || /^dcr-[0-9a-f]{32}$/.test(v), "the data collection rule's immutable id, dcr- followed by 32 hex digits (JSON View of the rule)"),
    SENTINEL_STREAM_NAME: optionalText.refine((v) => v === undefined || /^Custom-[A-Za-z0-9_]{1,100}$/.test(v), "the rule's input stream for the custom table, e.g. Custom-UnblockAudit_CL"),
    SENTINEL_AUDIENCE: httpUrl('the Azure Monitor audience')
      .refine((url) => url.startsWith('https://') && new URL(url).pathname === '/', 'the Azure Monitor audience, e.g. https://monitor.azure.com (https://monitor.azure.us, https://monitor.azure.cn)')
      .default('https://monitor.azure.com'),
    SENTINEL_FORWARD_INTERVAL: isoDuration(1 / 24).prefault('PT1M'),
  });

/** The name of every environment variable Unblock reads (the README's Configuration table lists exactly these). */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/**
 * Rules that span several variables. They read the raw environment so they are reported together
 * with every per-variable problem, not only once those are fixed.
 */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const set = (key: string) => (env[key] ?? '').trim() !== '';
  const problems: string[] = [];
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!set('APPROVER_USER_IDS') && !set('APPROVER_USERGROUP_ID')) {
    problems.push('APPROVER_USER_IDS: set APPROVER_USER_IDS and/or APPROVER_USERGROUP_ID, or nobody could approve');
  }
  if (set('AZURE_CLIENT_SECRET') && set('AZURE_CLIENT_CERTIFICATE_PATH')) {
    problems.push('AZURE_CLIENT_CERTIFICATE_PATH: set either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, not both');
  }
  if (set('AZURE_CLIENT_SECRET') || set('AZURE_CLIENT_CERTIFICATE_PATH') || set('AZURE_FEDERATED_TOKEN_FILE')) {
    for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']) {
      if (!set(key)) problems.push(`${key}: required with a client secret, certificate or federated token file`);
    }
  }
  const sentinel = ['SENTINEL_DCE_ENDPOINT', 'SENTINEL_DCR_IMMUTABLE_ID', 'SENTINEL_STREAM_NAME'];
  if (sentinel.some(set) && !sentinel.every(set)) {
    for (const key of sentinel.filter((k) => !set(k))) problems.push(`${key}: required to forward the audit trail to Sentinel (set all of ${sentinel.join(', ')}, or none)`);
  }
  return problems;
}

export type AzureCredentialConfig =
  | { readonly kind: 'secret'; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly tenantId: string; readonly clientId: string; readonly certificatePath: string }
  | { readonly kind: 'workload-identity'; readonly tenantId: string; readonly clientId: string; readonly tokenFilePath: string }
  | { readonly kind: 'managed-identity'; readonly clientId: string | undefined };

export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string;
    readonly approvalChannelId: string;
    readonly approverUserIds: readonly string[];
    readonly approverUsergroupId: string | undefined;
  };
  readonly port: number;
  /** The address the HTTP listener binds (HOST); undefined: every interface, Node's default. */
  readonly host: string | undefined;
  /**
   * METRICS_TOKEN: when set, `GET /metrics` answers only a request with `Authorization: Bearer
   * <token>` (Prometheus' `authorization` scrape setting); undefined: /metrics is open.
   */
  readonly metricsToken: string | undefined;
  readonly azure: {
    readonly credential: AzureCredentialConfig;
    readonly authorityHost: string | undefined;
    readonly disableInstanceDiscovery: boolean;
  };
  readonly graphBaseUrl: string;
  readonly defender: { readonly apiUrl: string; readonly scope: string; readonly timeoutMs: number };
  /** `dataDir`: a directory path (absolute or relative to the working directory, never file://…) or `memory://…`. */
  readonly database: { readonly url: string | undefined; readonly dataDir: string };
  readonly maxAllowDuration: AllowDuration;
  /** MAX_THREAT_ALLOW_DURATION: the longest allow for a Microsoft threat verdict (capped by maxAllowDuration). */
  readonly maxThreatAllowDuration: AllowDuration;
  /** ALLOW_C2_OVERRIDE: offer Approve, to two approvers, for a command-and-control verdict. */
  readonly allowC2Override: boolean;
  readonly huntingLookback: AllowDuration;
  readonly limits: ReportLimits;
  readonly lifecycle: {
    readonly reconcileInterval: AllowDuration;
    readonly policy: LifecyclePolicy;
    /** ESCALATE_AFTER and PENDING_TTL: how long a request may wait for approvers. */
    readonly pending: PendingPolicy;
  };
  readonly logLevel: string;
  /**
   * DRY_RUN: everything runs for real (hunting, approvals, reminders, checks) except Defender
   * writes, which are kept in the database and told in the thread with their exact request.
   */
  readonly dryRun: boolean;
  /**
   * Forwarding of the audit trail to a Microsoft Sentinel custom table; undefined when the
   * SENTINEL_* settings are not set. `intervalMs`: how often a round runs, in ms.
   */
  readonly sentinel:
    | { readonly endpoint: string; readonly ruleId: string; readonly streamName: string; readonly audience: string; readonly intervalMs: number }
    | undefined;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Unblock cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee the configuration table in README.md.`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads and validates the whole configuration once. Throws ConfigError listing every bad variable
 * (never its value, which may be a secret).
 */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): Config {
  // A blank variable (`PORT=` in .env) means "not set", so its default applies.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = EnvSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)),
    ...crossVariableProblems(env),
  ];
  if (parsed.success && parsed.data.ESCALATE_AFTER.ms >= parsed.data.PENDING_TTL.ms) {
    problems.push('ESCALATE_AFTER: must be shorter than PENDING_TTL, or undecided requests would close before the approvers were reminded');
  }
  if (parsed.success && parsed.data.VERIFY_AFTER.ms >= parsed.data.VERIFY_AGAIN_AFTER.ms) {
    problems.push('VERIFY_AFTER: must be shorter than VERIFY_AGAIN_AFTER, the second check after an allow became active');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return deepFreeze({
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      approvalChannelId: e.APPROVAL_CHANNEL_ID,
      approverUserIds: e.APPROVER_USER_IDS,
      approverUsergroupId: e.APPROVER_USERGROUP_ID,
    },
    port: e.PORT,
    host: e.HOST,
    metricsToken: e.METRICS_TOKEN,
    azure: {
      credential: azureCredential(e),
      authorityHost: e.AZURE_AUTHORITY_HOST,
      disableInstanceDiscovery: e.AZURE_DISABLE_INSTANCE_DISCOVERY,
    },
    graphBaseUrl: e.GRAPH_BASE_URL,
    defender: { apiUrl: e.DEFENDER_API_URL, scope: e.DEFENDER_API_SCOPE, timeoutMs: e.DEFENDER_REQUEST_TIMEOUT.ms },
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    maxAllowDuration: e.MAX_ALLOW_DURATION,
    maxThreatAllowDuration: e.MAX_THREAT_ALLOW_DURATION,
    allowC2Override: e.ALLOW_C2_OVERRIDE,
    huntingLookback: e.HUNTING_LOOKBACK,
    limits: { reportsPerHour: e.MAX_REPORTS_PER_HOUR, openAllowsPerRequester: e.MAX_OPEN_REQUESTS_PER_USER },
    lifecycle: {
      reconcileInterval: e.RECONCILE_INTERVAL,
      policy: {
        shortReminderLeadMs: e.REMINDER_LEAD_SHORT.ms,
        longReminderLeadMs: e.REMINDER_LEAD_LONG.ms,
        longAllowMs: e.REMINDER_LONG_ALLOW.ms,
        activationAlertAfterMs: e.ACTIVATION_ALERT_AFTER.ms,
        expiryGraceMs: e.EXPIRY_GRACE.ms,
        driftIntervalMs: e.DRIFT_CHECK_INTERVAL.ms,
        verifyAfterMs: e.VERIFY_AFTER.ms,
        verifyAgainAfterMs: e.VERIFY_AGAIN_AFTER.ms,
      },
      pending: { escalateAfterMs: e.ESCALATE_AFTER.ms, pendingTtlMs: e.PENDING_TTL.ms },
    },
    logLevel: e.LOG_LEVEL,
    dryRun: e.DRY_RUN,
    sentinel:
      e.SENTINEL_DCE_ENDPOINT && e.SENTINEL_DCR_IMMUTABLE_ID && e.SENTINEL_STREAM_NAME
        ? { endpoint: e.SENTINEL_DCE_ENDPOINT, ruleId: e.SENTINEL_DCR_IMMUTABLE_ID, streamName: e.SENTINEL_STREAM_NAME, audience: e.SENTINEL_AUDIENCE, intervalMs: e.SENTINEL_FORWARD_INTERVAL.ms }
        : undefined,
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

function azureCredential(e: z.infer<typeof EnvSchema>): AzureCredentialConfig {
  const tenantId = e.AZURE_TENANT_ID ?? '';
  const clientId = e.AZURE_CLIENT_ID ?? '';
  if (e.AZURE_CLIENT_SECRET) return { kind: 'secret', tenantId, clientId, clientSecret: e.AZURE_CLIENT_SECRET };
  if (e.AZURE_CLIENT_CERTIFICATE_PATH) return { kind: 'certificate', tenantId, clientId, certificatePath: e.AZURE_CLIENT_CERTIFICATE_PATH };
  if (e.AZURE_FEDERATED_TOKEN_FILE) return { kind: 'workload-identity', tenantId, clientId, tokenFilePath: e.AZURE_FEDERATED_TOKEN_FILE };
  return { kind: 'managed-identity', clientId: e.AZURE_CLIENT_ID };
}

/**
 * Only the database settings, DATABASE_URL and DATA_DIR, read and validated exactly as loadConfig
 * reads them, for tools that open the bot's database without the bot's other settings (the audit
 * export). Throws ConfigError naming the variable, never its value.
 */
export function loadDatabaseConfig(rawEnv: Record<string, string | undefined> = process.env): Config['database'] {
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = EnvSchema.pick({ DATABASE_URL: true, DATA_DIR: true }).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  return Object.freeze({ url: parsed.data.DATABASE_URL, dataDir: parsed.data.DATA_DIR });
}
