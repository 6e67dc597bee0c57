import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';

/** Routes Bolt's own logging through the application logger (and so through its secret scrubbing). */
export function boltLogger(logger: PinoLogger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (parts: unknown[]) => redactTokenFields(parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' '));
  return {
    debug: (...parts: unknown[]) => child.debug(text(parts)),
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn(text(parts)),
    error: (...parts: unknown[]) => child.error(text(parts)),
    setLevel: () => {},
    getLevel: () => (child.level === 'debug' || child.level === 'trace' ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}

/**
 * Bolt and the Socket Mode client log whole payloads at debug level, and every Slack payload carries
 * the app's legacy verification `token` (and some a `bot_access_token`): the value of any JSON field
 * named like a token is replaced before the line is written.
 */
export function redactTokenFields(text: string): string {
  return text.replace(/("[A-Za-z_]*token"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"');
}
