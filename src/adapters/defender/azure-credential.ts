import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { Config } from '../../config.ts';

/**
 * The one Entra credential for Graph and the Defender API: a client secret or certificate when
 * configured, workload identity when a federated token file is present, managed identity otherwise.
 * The authority host and instance discovery settings serve sovereign and private clouds.
 */
export function createAzureCredential(azure: Config['azure']): TokenCredential {
  return new LazyCredential(azure);
}

/**
 * Loads @azure/identity (about 20 MB resident) at the first token request instead of at start-up,
 * so an idle bot stays small; the credential itself is built once and reused.
 */
class LazyCredential implements TokenCredential {
  private credential: Promise<TokenCredential> | undefined;
  private readonly azure: Config['azure'];

  constructor(azure: Config['azure']) {
    this.azure = azure;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.credential ??= import('@azure/identity')
      .then((identity) => buildCredential(identity, this.azure))
      .catch((error: unknown) => {
        this.credential = undefined;
        throw error;
      });
    return (await this.credential).getToken(scopes, options);
  }
}

function buildCredential(identity: typeof import('@azure/identity'), azure: Config['azure']): TokenCredential {
  const { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } = identity;
  const options = {
    ...(azure.authorityHost ? { authorityHost: azure.authorityHost } : {}),
    disableInstanceDiscovery: azure.disableInstanceDiscovery,
  };
  const c = azure.credential;
  switch (c.kind) {
    case 'secret':
      return new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, options);
    case 'certificate':
      return new ClientCertificateCredential(c.tenantId, c.clientId, c.certificatePath, options);
    case 'workload-identity':
      return new WorkloadIdentityCredential({ ...options, tenantId: c.tenantId, clientId: c.clientId, tokenFilePath: c.tokenFilePath });
    case 'managed-identity':
      return c.clientId ? new ManagedIdentityCredential({ ...options, clientId: c.clientId }) : new ManagedIdentityCredential(options);
  }
}
