import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

export interface IssuedToken {
  readonly token: string;
  readonly scope: string;
  readonly clientId: string;
}

/**
 * Entra ID's OpenID configuration and v2.0 token endpoint (client credentials), over HTTPS on
 * loopback, for AZURE_AUTHORITY_HOST. Tokens are opaque strings that the Graph and Defender fakes
 * check against the scope they were issued for.
 */
export class FakeEntra extends LoopbackFake {
  readonly issued: IssuedToken[] = [];
  private counter = 0;

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
    const token = String(authorization ?? '').replace(/^Bearer /, '');
    return this.issued.find((t) => t.token === token)?.scope;
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
      const form = new URLSearchParams(request.body);
      if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] } };
      }
      const scope = form.get('scope')?.split(' ').find((s) => s.endsWith('/.default')) ?? '';
      const token: IssuedToken = { token: `fake-access-token-${++this.counter}-${scope.length}`, scope, clientId: this.clientId };
      this.issued.push(token);
      return { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token.token } };
    }
    return { status: 404, body: { error: 'not_found' } };
  }
}
