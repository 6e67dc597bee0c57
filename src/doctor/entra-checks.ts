import type { TokenCredential } from '@azure/identity';
import { accessToken } from '../adapters/defender/access-token.ts';
import type { ScopeSetting } from '../adapters/defender/entra-failure.ts';
import { ExternalServiceError } from '../app/support/external-service-error.ts';
import type { Config } from '../config.ts';
import { tenantDiscoveryReason } from './tenant-discovery.ts';
import { failed, passed, skipped, type CheckResult } from './check-result.ts';
import { grantedRole, readTokenClaims, tenantMismatch } from './token-claims.ts';
import { vendorFailure } from './vendor-failure.ts';

/** One API Unblock calls with an Entra token, and the application permissions it needs. */
export interface TokenTarget {
  /** The API's name in the report: "Microsoft Graph", "Defender". */
  readonly api: string;
  /** The client-credentials scope, `<resource>/.default`. */
  readonly scope: string;
  /** The setting the scope comes from. */
  readonly setting: ScopeSetting;
  /** Application permissions, any one of which is enough. */
  readonly anyOf: readonly string[];
  /** Where the permission is added in Entra ID, for the fix. */
  readonly where: string;
}

/**
 * The two tokens Unblock uses: Graph for advanced hunting (`ThreatHunting.Read.All`) and the
 * Defender for Endpoint API for indicators (`Ti.ReadWrite`, or `Ti.ReadWrite.All` to see every
 * indicator) — defender-api.md §1 and §3, README "Register the app in Entra ID".
 */
export function tokenTargets(config: Config): { graph: TokenTarget; defender: TokenTarget } {
  return {
    graph: { api: 'Microsoft Graph', scope: `${config.graphBaseUrl}/.default`, setting: 'GRAPH_BASE_URL', anyOf: ['ThreatHunting.Read.All'], where: 'Microsoft Graph → Application permissions' },
    defender: {
      api: 'Defender',
      scope: config.defender.scope,
      setting: 'DEFENDER_API_SCOPE',
      anyOf: ['Ti.ReadWrite', 'Ti.ReadWrite.All'],
      where: 'APIs my organization uses → WindowsDefenderATP → Application permissions',
    },
  };
}

/**
 * A refused token as a line: Entra's reason as entraFailure keeps it; when MSAL hid it behind
 * `endpoints_resolution_error` (it could not read the tenant's OpenID configuration), Entra's own
 * answer for that document (tenantDiscoveryReason), e.g. AADSTS90002 for an unknown tenant.
 */
export async function tokenFailure(error: unknown, azure: Config['azure'] | undefined): Promise<{ detail: string; fix: string | undefined }> {
  const described = vendorFailure(error, 'check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential');
  const msal = error instanceof ExternalServiceError ? `${error.vendorCode ?? ''} ${error.vendorMessage ?? ''}` : '';
  if (!azure || !msal.includes('endpoints_resolution_error')) return described;
  const reason = await tenantDiscoveryReason(azure);
  if (reason === undefined) return described;
  return {
    detail: `Entra ID refused the tenant's sign-in configuration: "${reason}"`,
    fix: 'set AZURE_TENANT_ID to the Directory (tenant) ID of the app registration, and AZURE_AUTHORITY_HOST to its cloud (unset for the public cloud)',
  };
}

/**
 * Gets a token for `target` through the bot's own credential and reports two lines: the token
 * (issued; its tenant `tid` matches AZURE_TENANT_ID when both are tenant ids) and its application
 * roles (`roles` holds one of `target.anyOf`). The token's payload is read, never verified (see
 * readTokenClaims). With `dryRun` (DRY_RUN: Unblock writes no indicators), a Defender token without
 * an indicator permission is accepted. Returns the lines and whether the API can be called.
 */
export async function checkToken(
  credential: TokenCredential,
  target: TokenTarget,
  options: { configuredTenant: string | undefined; dryRun: boolean; azure?: Config['azure'] },
): Promise<{ results: CheckResult[]; usable: boolean }> {
  const tokenName = `Entra token for ${target.api}`;
  const rolesName = `${target.api} permission`;
  let token: string;
  try {
    token = await accessToken(credential, { scope: target.scope, setting: target.setting });
  } catch (error) {
    const { detail, fix } = await tokenFailure(error, options.azure);
    return { results: [failed(tokenName, detail, fix), skipped(rolesName, `needs a token for ${target.api}`)], usable: false };
  }
  const claims = readTokenClaims(token);
  if (!claims) {
    return {
      results: [
        passed(tokenName, `issued for ${target.scope} (not a readable JWT, so its tenant and roles cannot be shown)`),
        passed(rolesName, `not readable from the token; the ${target.api} call below tests it`),
      ],
      usable: true,
    };
  }
  const about = `tenant ${claims.tenantId ?? '?'}, app ${claims.appId ?? '?'}, audience ${claims.audience ?? '?'}`;
  if (tenantMismatch(options.configuredTenant, claims.tenantId)) {
    return {
      results: [
        failed(tokenName, `issued by tenant ${claims.tenantId}, but AZURE_TENANT_ID is ${options.configuredTenant}`, 'set AZURE_TENANT_ID to the tenant Defender runs in, where the app registration lives'),
        skipped(rolesName, 'needs a token from the configured tenant'),
      ],
      usable: false,
    };
  }
  const tokenResult = passed(tokenName, about);
  const role = grantedRole(claims.roles, target.anyOf);
  const carried = claims.roles.length > 0 ? claims.roles.join(', ') : 'none';
  if (role) return { results: [tokenResult, passed(rolesName, `${role} granted (roles in the token: ${carried})`)], usable: true };
  const wanted = target.anyOf.join(' or ');
  if (options.dryRun && target.setting === 'DEFENDER_API_SCOPE') {
    return { results: [tokenResult, passed(rolesName, `no ${wanted} (roles in the token: ${carried}); accepted because DRY_RUN is on and Unblock writes no indicators`)], usable: true };
  }
  return {
    results: [
      tokenResult,
      failed(rolesName, `the token carries no ${wanted} (roles in the token: ${carried})`, `in Entra ID → App registrations → the app → API permissions, add ${target.where} → ${target.anyOf[0]}, then Grant admin consent (tokens issued before the consent lack it for up to an hour)`),
    ],
    usable: false,
  };
}
