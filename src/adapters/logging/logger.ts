import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { scrubText, scrubValue } from './scrub-secrets.ts';

/** Field paths that always hold secrets, wherever they appear in a log line. */
const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.clientSecret',
  '*.authorization',
  '*.headers.authorization',
  'headers.authorization',
  'config.slack',
];

/**
 * The process logger (JSON lines via pino). Secrets never reach it: known secret fields are
 * redacted by path, and every message and field is scrubbed of token-shaped strings and of the
 * configured secret values themselves.
 */
export function createLogger(options: { level: string; secrets: readonly string[]; destination?: DestinationStream }): PinoLogger {
  const secrets = options.secrets.filter((s) => s.length >= 6);
  const logger = pino(
    {
      level: options.level,
      base: { service: 'unblock' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Every object is scrubbed as it is written; scrubValue also turns Errors into plain fields,
      // so pino's own err serializer (which would run after it) is replaced by the identity.
      serializers: { err: (error: unknown) => error },
      formatters: { log: (object) => scrubValue(object, secrets) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // An Error logged on its own would lend its (unscrubbed) message to `msg`: log it as { err }.
          const [first, ...rest] = args as unknown[];
          const normalised = first instanceof Error ? [{ err: first }, ...(rest.length ? rest : [first.message])] : args;
          method.apply(this, normalised.map((arg) => (typeof arg === 'string' ? scrubText(arg, secrets) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
  return logger;
}
