import type { TokenCredential } from '@azure/identity';
import { ExternalServiceError } from '../../app/external-service-error.ts';

/**
 * A bearer token for `scope` (@azure/identity caches and refreshes it). Entra failures become an
 * ExternalServiceError naming the settings to check; the credential's own message may quote
 * tenant details but never the secret.
 */
export async function accessToken(credential: TokenCredential, scope: string): Promise<string> {
  try {
    const token = await credential.getToken(scope);
    if (!token) throw new Error('no token returned');
    return token.token;
  } catch (error) {
    throw new ExternalServiceError({
      service: 'entra',
      failure: 'unauthorized',
      userMessage: `Could not get a token from Entra ID for ${scope}; check the AZURE_* settings and the app registration`,
      cause: error,
    });
  }
}
