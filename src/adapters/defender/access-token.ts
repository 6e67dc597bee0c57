import type { TokenCredential } from '@azure/identity';
import { entraFailure, type ScopeSetting } from './entra-failure.ts';

/**
 * A bearer token for `token.scope` (@azure/identity caches it and refreshes it before it expires).
 * Throws ExternalServiceError (service `entra`) keeping Entra's own reason and naming the setting
 * to fix (see entraFailure); `token.setting` is the variable the scope comes from. Never includes
 * the secret: only Entra's error code and description and the credential library's own fields.
 */
export async function accessToken(credential: TokenCredential, token: { scope: string; setting: ScopeSetting }): Promise<string> {
  let issued: Awaited<ReturnType<TokenCredential['getToken']>>;
  try {
    issued = await credential.getToken(token.scope);
  } catch (error) {
    throw entraFailure(error, token);
  }
  if (!issued) throw entraFailure(new Error('Entra ID returned no token.'), token);
  return issued.token;
}
