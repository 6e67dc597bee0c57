import { randomUUID } from 'node:crypto';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

export interface IssuedToken {
  readonly token: string;
  readonly scope: string;
  /** The resource application the token is for (its canonical identifier URI), see audienceOfScope. */
  readonly audience: string;
  readonly clientId: string;
}

/**
 * Identifier URIs that name the same resource application. Defender for Endpoint's API
 * (WindowsDefenderATP) answers to both: defender-api.md §8, "some docs show the resource
 * https://securitycenter.onmicrosoft.com/windowsatpservice, which is the same API".
 */
const SAME_RESOURCE: ReadonlyArray<readonly string[]> = [['https://api.securitycenter.microsoft.com', 'https://securitycenter.onmicrosoft.com/windowsatpservice']];

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
 * Entra ID's OpenID configuration and v2.0 token endpoint (client credentials), over HTTPS on
 * loopback, for AZURE_AUTHORITY_HOST. Tokens are opaque strings that the Graph and Defender fakes
 * check against the scope they were issued for.
 */
export class FakeEntra extends LoopbackFake {
  readonly issued: IssuedToken[] = [];
  private counter = 0;
  private failure: Reply | undefined;

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
      const token: IssuedToken = {
        token: `fake-access-token-${++this.counter}-${scope.length}`,
        scope,
        audience: FakeEntra.audienceOfScope(scope),
        clientId: this.clientId,
      };
      this.issued.push(token);
      return { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token.token } };
    }
    return { status: 404, body: { error: 'not_found' } };
  }
}
