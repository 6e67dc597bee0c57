import { randomBytes } from 'node:crypto';

/**
 * A short reference for one failure (8 hex characters): logged with the error and shown to the
 * person it affected, so an operator can find the log line from what they quote.
 */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}
