import { collectStartupGarbage } from './heap-settings.ts';
import type { DataDirLockLostError } from './adapters/db/data-dir-lock.ts';
import { createLogger } from './adapters/logging/logger.ts';
import { UnblockMetrics } from './adapters/metrics/metrics.ts';
import type { Clock } from './app/ports/runtime.ts';
import { loadConfig, type Config } from './config.ts';
import { installProcessPolicy } from './process-policy.ts';
import { startUnblock, type RunningUnblock } from './server.ts';
import { describeStartupError, isExpectedStartupError } from './startup-error.ts';

/**
 * The bot's start-up, as `npm start` runs it (src/main.ts): settings from `env`, the logger with
 * every secret scrubbed, the process policy, the database, Slack and the reconciler, then a graceful
 * stop on SIGTERM and SIGINT. Exits the process (code 1, the reason on stderr) when the settings are
 * wrong or start-up fails, and at once when an embedded database's lock file is lost.
 * `clock` replaces the system clock (the sandbox's, which runs ahead on request); `onStarted` is
 * handed the running bot.
 */
export async function runBot(options: { env: Record<string, string | undefined>; clock?: Clock; onStarted?: (running: RunningUnblock) => void }): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(options.env);
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }

  const logger = createLogger({
    level: config.logLevel,
    secrets: [
      config.slack.botToken,
      config.slack.signingSecret,
      config.slack.appToken,
      config.azure.credential.kind === 'secret' ? config.azure.credential.clientSecret : undefined,
      config.metricsToken,
    ].filter((s): s is string => s !== undefined),
  });

  const metrics = new UnblockMetrics();
  installProcessPolicy({ logger, metrics });

  /**
   * The embedded database's lock file was deleted or replaced: another Unblock may be opening the
   * same files now. Not the graceful stop: it waits for work in flight and closes PGlite, which
   * writes to those files. Exiting at once is a crash, which the database and every use-case survive;
   * the container's restart policy then starts a bot that takes the lock anew or is refused.
   */
  function stopAtOnce(error: DataDirLockLostError): never {
    logger.fatal({ code: error.code }, error.message);
    console.error(`Unblock stopped: ${error.message}`);
    process.exit(1);
  }

  try {
    const running = await startUnblock(config, { logger, onDataDirLost: stopAtOnce, metrics, ...(options.clock ? { clock: options.clock } : {}) });
    collectStartupGarbage();
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean shutdown');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    options.onStarted?.(running);
  } catch (error) {
    const reason = describeStartupError(error, { port: config.port, databaseUrl: config.database.url });
    if (isExpectedStartupError(error)) logger.fatal(reason);
    else logger.fatal({ err: error }, 'startup failed');
    console.error(reason);
    process.exit(1);
  }
}
