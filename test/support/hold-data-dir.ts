/**
 * A stand-in for a bot's start-up, for the data directory lock tests: opens the embedded database
 * in the directory given as the first argument exactly as the bot does
 * (`openDatabase({ url: undefined, dataDir })`), prints "ready" and keeps it open until killed.
 * A refusal is printed the way src/main.ts prints it, with exit code 1.
 *
 * Usage: node test/support/hold-data-dir.ts <dataDir>
 */
import { openDatabase } from '../../src/adapters/db/database.ts';
import { describeStartupError } from '../../src/startup-error.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node test/support/hold-data-dir.ts <dataDir>');

try {
  // As src/main.ts does when the lock file is deleted under it: say why and stop at once.
  const db = await openDatabase({ url: undefined, dataDir }, {
    onLockLost: (error) => {
      console.error(`Unblock stopped: ${error.message}`);
      process.exit(1);
    },
  });
  await db.ping();
  console.log(`ready pid ${process.pid}`);
  // As PID 1 of a namespace, SIGTERM without a handler is ignored: close and leave on it.
  process.on('SIGTERM', () => {
    db.close().then(() => process.exit(0), () => process.exit(1));
  });
  setInterval(() => {}, 1 << 30);
} catch (error) {
  console.error(describeStartupError(error));
  process.exit(1);
}
