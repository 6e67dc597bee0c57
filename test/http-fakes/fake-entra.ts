import { randomBytes, randomUUID } from 'node:crypto';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

export interface IssuedToken {
  readonly token: string;
  readonly scope: string;
  /** The resource application the token is for (its canonical identifier URI), see audienceOfScope. */
  readonly audience: string;
  readonly clientId: string;
  /** The application roles in the token's `roles` claim. */
  readonly roles: readonly string[];
  /** The tenant in the token's `tid` claim. */
  readonly tenantId: string;
}

/**
 * Identifier URIs that name the same resource application. Defender for Endpoint's API
 * (WindowsDefenderATP) answers to both: defender-api.md §8, "some docs show the resource
 * https://securitycenter.onmicrosoft.com/windowsatpservice, which is the same API".
 */
const SAME_RESOURCE: ReadonlyArray<readonly string[]> = [['https://api.securitycenter.microsoft.com', 'https://securitycenter.onmicrosoft.com/windowsatpservice']];

/**
 * The application roles a token carries unless a test says otherwise (FakeEntra.roles): what
 * Unblock needs from each API. The WindowsDefenderATP API (either identifier URI) grants
 * `Ti.ReadWrite.All`; any other resource this fake serves is Microsoft Graph (its loopback URL is
 * the audience), which grants `ThreatHunting.Read.All` (defender-api.md §1 "Permissions", §3
 * "Permissions (all indicator endpoints)").
 */
export function defaultRoles(audience: string): string[] {
  return SAME_RESOURCE.some((uris) => uris[0] === audience) ? ['Ti.ReadWrite.All'] : ['ThreatHunting.Read.All'];
}

const base64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/**
 * An app-only access token shaped as Entra issues one to a client-credentials app: a JWT (header,
 * payload and signature, each base64url, joined by dots) whose payload holds the v1.0 claims of an
 * app-only token: `aud` (the resource), `iss`, `iat`/`nbf`/`exp` (seconds since 1970), `appid`,
 * `appidacr` ("1": a client secret), `idp`, `idtyp` "app", `oid`, `sub`, `roles` (the application
 * permissions granted and consented), `tid` (the tenant), `uti`, `ver` "1.0" (Microsoft identity
 * platform, "Access token claims reference"; Graph and WindowsDefenderATP issue v1.0 tokens). The
 * signature is random bytes: nothing here verifies it, and a client must not (the same page: tokens
 * are for the API they are issued for).
 */
function appOnlyToken(claims: { audience: string; tenantId: string; clientId: string; roles: readonly string[]; lifetimeSeconds: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5t: 'fake-entra-key', kid: 'fake-entra-key' };
  const payload = {
    aud: claims.audience,
    iss: `https://sts.windows.net/${claims.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + claims.lifetimeSeconds,
    appid: claims.clientId,
    appidacr: '1',
    idp: `https://sts.windows.net/${claims.tenantId}/`,
    idtyp: 'app',
    oid: randomUUID(),
    sub: randomUUID(),
    roles: [...claims.roles],
    tid: claims.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  };
  return `${base64url(header)}.${base64url(payload)}.${base64url(randomBytes(64))}`;
}

/** Entra's token error body (reference-error-codes, "Handling error codes in your application"). */
function tokenError(error: string, code: number, sentence: string): Reply['body'] {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${sentence}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/**
 * Entra's answer for a tenant it does not know, at the tenant's OpenID configuration (which MSAL
 * reads first) and token endpoint: HTTP 400 `invalid_tenant`, AADSTS90002, in the words Entra
 * uses (quoted in Azure/azure-cli#22145 and james-gould/azure-keyvault-emulator#324).
 */
function unknownTenant(tenant: string): Reply {
  return {
    status: 400,
    body: tokenError(
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  };
}

/**
 * Entra ID's OpenID configuration and v2.0 token endpoint (client credentials), over HTTPS on
 * loopback, for AZURE_AUTHORITY_HOST. Access tokens are JWT-shaped app-only tokens (appOnlyToken)
 * carrying `roles` and `tid`; the Graph and Defender fakes look them up by string and check the
 * scope, audience and roles they were issued with. Any other tenant in the path is unknown
 * (AADSTS90002).
 */
export class FakeEntra extends LoopbackFake {
  readonly issued: IssuedToken[] = [];
  private failure: Reply | undefined;
  /**
   * The application roles tokens for a resource carry, by audience (see audienceOfScope); a
   * resource not listed gets defaultRoles. A test removes a role to stand for a permission that was
   * not granted or not admin-consented.
   */
  readonly roles = new Map<string, readonly string[]>();
  /** The `tid` tokens carry; the fake's own tenant unless a test sets another. */
  tokenTenantId: string | undefined;
  /**
   * Resources (application ID URIs) this tenant has no service principal for: a token for one is
   * refused as Entra refuses it, 400 `invalid_resource`, AADSTS500011 "The resource principal named
   * <uri> was not found in the tenant named <tenant>. …" (the body quoted in
   * rootinc/laravel-azure-middleware#51 and Azure/azure-cli#29113). Every other resource exists.
   */
  readonly missingResources = new Set<string>();

  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;

  constructor(tenantId: string, clientId: string, clientSecret: string) {
    super(true);
    this.tenantId = tenantId;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  get authorityHost(): string {
    return this.server.url;
  }

  /** The scope a token was issued for, or undefined for a token this fake never issued. */
  scopeOf(authorization: string | string[] | undefined): string | undefined {
    return this.tokenOf(authorization)?.scope;
  }

  /** The application roles a token carries, or undefined for a token this fake never issued. */
  rolesOf(authorization: string | string[] | undefined): readonly string[] | undefined {
    return this.tokenOf(authorization)?.roles;
  }

  /** The resource a token is for (what an API checks, its `aud`), or undefined for a token this fake never issued. */
  audienceOf(authorization: string | string[] | undefined): string | undefined {
    return this.tokenOf(authorization)?.audience;
  }

  /** The resource application a `<identifier URI>/.default` scope names: its first identifier URI. */
  static audienceOfScope(scope: string): string {
    const resource = scope.replace(/\/\.default$/, '');
    return SAME_RESOURCE.find((uris) => uris.includes(resource))?.[0] ?? resource;
  }

  /** Every token request answers with this until cleared (undefined): an Entra outage or refusal. */
  failWith(reply: Reply | undefined): void {
    this.failure = reply;
  }

  private tokenOf(authorization: string | string[] | undefined): IssuedToken | undefined {
    const token = String(authorization ?? '').replace(/^Bearer /, '');
    return this.issued.find((t) => t.token === token);
  }

  protected handle(request: RecordedRequest): Reply {
    const base = `${this.server.url}/${this.tenantId}`;
    if (request.method === 'GET' && request.path === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) {
      return {
        body: {
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        },
      };
    }
    if (request.method === 'POST' && request.path === `/${this.tenantId}/oauth2/v2.0/token`) {
      if (this.failure) return this.failure;
      const form = new URLSearchParams(request.body);
      if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
        return { status: 401, body: tokenError('invalid_client', 7000215, 'Invalid client secret provided.') };
      }
      // Client credentials take exactly one scope, `<resource>/.default`; Entra refuses anything else
      // with 400 invalid_scope, AADSTS1002012 (defender-api.md §8; error text as Entra returns it,
      // quoted in MicrosoftDocs/azure-docs#99862 and msgraph-sdk-python#181).
      const scope = form.get('scope') ?? '';
      if (!/^\S+\/\.default$/.test(scope)) {
        return {
          status: 400,
          body: tokenError(
            'invalid_scope',
            1002012,
            `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          ),
        };
      }
      const audience = FakeEntra.audienceOfScope(scope);
      if (this.missingResources.has(audience)) {
        return {
          status: 400,
          body: tokenError(
            'invalid_resource',
            500011,
            `The resource principal named ${audience} was not found in the tenant named ${this.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
          ),
        };
      }
      const roles = this.roles.get(audience) ?? defaultRoles(audience);
      const tenantId = this.tokenTenantId ?? this.tenantId;
      const token: IssuedToken = {
        token: appOnlyToken({ audience, tenantId, clientId: this.clientId, roles, lifetimeSeconds: 3599 }),
        scope,
        audience,
        clientId: this.clientId,
        roles,
        tenantId,
      };
      this.issued.push(token);
      return { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token.token } };
    }
    const tenant = /^\/([^/]+)\/(?:v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(request.path)?.[1];
    if (tenant !== undefined && tenant !== this.tenantId) return unknownTenant(decodeURIComponent(tenant));
    return { status: 404, body: { error: 'not_found' } };
  }
}
