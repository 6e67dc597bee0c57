/**
 * `npm run sandbox`: Unblock in a browser, with no Slack workspace and no Microsoft tenant. Starts
 * the real bot against loopback stand-ins with a sample tenant (sandbox/server/sandbox.ts) and
 * serves a page that shows what Slack would show each person (sandbox/web). Prints the page's
 * address. Ctrl-C, SIGTERM or SIGHUP (the terminal closed), at any moment, even while it starts, and
 * the end of the process that started it (npm) stop the bot, the stand-ins and the page and remove
 * the temporary folder; folders left by sandboxes that could not clean up (SIGKILL) are removed at
 * the next start. `SANDBOX_PORT` picks the page's port (4480 by default; a free one, said so, when
 * it is taken).
 */
import '../test/support/trust-test-ca.ts';
import { logTail, startSandbox, type RunningSandbox } from './server/sandbox.ts';
import { removeStaleFolders } from './server/stale-folders.ts';
import { buildPage } from './web/build-page.ts';

const port = Number(process.env.SANDBOX_PORT ?? 4480);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SANDBOX_PORT: "${process.env.SANDBOX_PORT}" is not a port number (0–65535).`);
  process.exit(1);
}

let sandbox: RunningSandbox | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping the sandbox…');
  // While it starts there is nothing to stop yet: start-up sees `stopping` and cleans up itself.
  if (sandbox) {
    await sandbox.stop();
    process.exit(code);
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
// npm does not pass SIGTERM on to the script it runs: when the process that started us is gone,
// we are re-parented, and stop as if told to.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();

for (const folder of await removeStaleFolders()) console.log(`Removed ${folder}, left by a sandbox that could not clean up.`);
console.log('Starting the Unblock sandbox (the bot, loopback stand-ins for Slack, Entra ID, Graph and Defender, and the page)…');
try {
  sandbox = await startSandbox({ port, buildPage });
} catch (error) {
  // A Ctrl-C while starting also stops the bot (same process group): that is no failure.
  if (stopping) process.exit(0);
  console.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (stopping) {
  await sandbox.stop();
  process.exit(0);
}
const taken = port !== 0 && !sandbox.url.endsWith(`:${port}/`) ? `\n  (port ${port} is taken, by another sandbox perhaps: this one is on another port)\n` : '';
console.log(`\n  Unblock sandbox: open ${sandbox.url}\n${taken}\n  The bot's log: ${sandbox.botLog}\n  Ctrl-C stops everything.\n`);

void sandbox.botExited.then(async (exit) => {
  if (stopping) return;
  // The log goes with the temporary folder: its end is shown here first.
  console.error(`The bot exited (${exit === null ? 'killed by a signal' : `code ${exit}`}). The end of its log:\n${await logTail(sandbox!.botLog)}`);
  await stop(1);
});
