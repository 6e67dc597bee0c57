import type { TokenCredential } from '@azure/identity';
import type { Database } from '../adapters/db/database.ts';
import { PrismaAuditForwarding } from '../adapters/db/prisma-audit-forwarding.ts';
import { accessToken } from '../adapters/defender/access-token.ts';
import type { Config } from '../config.ts';
import { failed, passed, type CheckResult } from './check-result.ts';
import type { DatabaseReading } from './database-check.ts';
import { tokenFailure } from './entra-checks.ts';
import { readTokenClaims, tenantMismatch } from './token-claims.ts';

type SentinelConfig = NonNullable<Config['sentinel']>;

const TOKEN = 'Entra token for Azure Monitor';
/** The name of the forwarding line in the report. */
export const FORWARDING = 'Sentinel forwarding';

/**
 * A token for Azure Monitor (`<SENTINEL_AUDIENCE>/.default`, what the Logs Ingestion client asks
 * for) through the bot's own credential, with its tenant checked as for Graph and Defender. The
 * permission to upload is an Azure role assignment on the data collection rule (Monitoring Metrics
 * Publisher), not a claim of the token, so the line says where to see it: the forwarding line.
 */
export async function checkMonitorToken(
  credential: TokenCredential,
  sentinel: SentinelConfig,
  options: { configuredTenant: string | undefined; azure: Config['azure'] },
): Promise<CheckResult> {
  const scope = `${sentinel.audience}/.default`;
  let token: string;
  try {
    token = await accessToken(credential, { scope, setting: 'SENTINEL_AUDIENCE' });
  } catch (error) {
    const { detail, fix } = await tokenFailure(error, options.azure);
    return failed(TOKEN, detail, fix);
  }
  const claims = readTokenClaims(token);
  if (claims && tenantMismatch(options.configuredTenant, claims.tenantId)) {
    return failed(TOKEN, `issued by tenant ${claims.tenantId}, but AZURE_TENANT_ID is ${options.configuredTenant}`, 'set AZURE_TENANT_ID to the tenant of the app registration');
  }
  const about = claims ? `tenant ${claims.tenantId ?? '?'}, app ${claims.appId ?? '?'}, audience ${claims.audience ?? '?'}` : `issued for ${scope}`;
  return passed(TOKEN, `${about} (the upload permission is a role on the data collection rule: see "${FORWARDING}")`);
}

/**
 * How forwarding to the configured rule and stream stands, read from the bot's cursor row
 * (AuditForwardCursor), never by sending anything: ✓ with the entries sent and waiting, or not
 * started yet; ✗ while uploads fail, with Azure's reason as the bot logged it (it ends with what
 * to change) and when the bot tries again.
 */
export function forwardingReading(sentinel: SentinelConfig): DatabaseReading {
  const target = `${sentinel.ruleId}/${sentinel.streamName}`;
  return {
    name: FORWARDING,
    unread: (why) => passed(FORWARDING, why),
    async read(db: Database) {
      const status = await new PrismaAuditForwarding(db.prisma).status(target);
      if (status === null) {
        return passed(FORWARDING, `nothing forwarded to ${target} yet: a running bot sends the whole audit trail first, then what is new every ${sentinel.intervalMs / 1000} s`);
      }
      const waiting = `${status.waiting}${status.waitingCapped ? '+' : ''} waiting`;
      if (status.failures > 0) {
        const next = status.nextAttemptAt ? `; the bot tries again from ${status.nextAttemptAt.toISOString()}` : '';
        return failed(
          FORWARDING,
          `the last ${status.failures === 1 ? 'upload' : `${status.failures} uploads`} to ${target} failed: ${status.lastError ?? 'no reason recorded'} (${status.sent} entries sent, ${waiting})${next}`,
          'change what the reason above names (a 403 needs the Monitoring Metrics Publisher role on the data collection rule); the bot retries by itself',
        );
      }
      return passed(FORWARDING, `${status.sent} entries sent to ${target}, ${waiting}; last round ${status.updatedAt.toISOString()}`);
    },
  };
}
