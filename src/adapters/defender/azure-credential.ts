import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../../config.ts';

/**
 * The one Entra credential for Graph and the Defender API: a client secret or certificate when
 * configured, workload identity when a federated token file is present, managed identity otherwise.
 * The authority host and instance discovery settings serve sovereign and private clouds.
 * @azure/identity is loaded at start-up (about 6 MB resident): loaded at the first token request,
 * its ~150 ms of synchronous module loading held up the acks of a company-wide burst of reports.
 */
export function createAzureCredential(azure: Config['azure']): TokenCredential {
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
