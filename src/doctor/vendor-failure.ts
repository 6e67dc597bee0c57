import { ExternalServiceError } from '../app/support/external-service-error.ts';

/**
 * A failed vendor call as a doctor line's detail and fix: the error's own sentence (what failed,
 * the vendor's reason in quotes, its code and correlation id) and the fix it names, kept apart.
 * Anything else is described by its message. Neither ever holds a secret: ExternalServiceError
 * scrubs vendor text, and its sentences name settings, never their values.
 */
export function vendorFailure(error: unknown, fallbackFix?: string): { detail: string; fix: string | undefined } {
  if (error instanceof ExternalServiceError) {
    const suffix = error.fix ? `; ${error.fix}` : '';
    const detail = suffix && error.userMessage.endsWith(suffix) ? error.userMessage.slice(0, -suffix.length) : error.userMessage;
    return { detail, fix: error.fix ?? fallbackFix };
  }
  return { detail: error instanceof Error ? error.message : String(error), fix: fallbackFix };
}
