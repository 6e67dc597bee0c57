import { ConfigError } from './config.ts';

/** Codes of the start-up refusals whose own message is the whole story (see isExpectedStartupError). */
const EXPECTED: readonly string[] = ['data_dir_in_use', 'data_dir_previous_release_lock', 'database_time_zone'];

/**
 * One sentence an operator can act on for the usual reasons Unblock fails to start. Errors are
 * recognised by their stable codes, never by message text.
 */
export function describeStartupError(error: unknown, config?: { port: number; databaseUrl: string | undefined }): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as { code?: unknown; data?: { error?: unknown }; errno?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'slack_webapi_platform_error') {
    return `Unblock cannot start: Slack rejected SLACK_BOT_TOKEN (${String(e.data?.error)}). Check the bot token of the installed app.`;
  }
  if (code === 'slack_webapi_request_error') {
    return 'Unblock cannot start: the Slack Web API could not be reached (check SLACK_API_URL and the network).';
  }
  // Their messages name the setting (DATA_DIR, DATABASE_URL), what is wrong and the fix.
  if (code !== undefined && EXPECTED.includes(code)) return `Unblock cannot start: ${(error as Error).message}`;
  if (code === 'EADDRINUSE') return `Unblock cannot start: port ${config?.port ?? 'PORT'} is already in use; set PORT to a free port.`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000' || code === '28000') {
    return `Unblock cannot start: the PostgreSQL database at DATABASE_URL is not usable (${code}). Check the URL, the server and the credentials.`;
  }
  if (code === 'EACCES') return 'Unblock cannot start: permission denied (DATA_DIR not writable, or PORT needs privileges).';
  return `Unblock cannot start: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Refusals that are Unblock working as intended, whose sentence above says everything an operator
 * needs: logged without a stack trace. Another process holding DATA_DIR, the previous release's lock
 * file in it, or PostgreSQL sessions that do not run in UTC.
 */
export function isExpectedStartupError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && EXPECTED.includes(code);
}
