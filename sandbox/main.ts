/**
 * `npm run sandbox`: Unblock in a browser, with no Slack workspace and no Microsoft tenant. Starts
 * the real bot against loopback stand-ins with a sample tenant (sandbox/server/sandbox.ts) and
 * serves a page that shows what Slack would show each person (sandbox/web). Prints the page's
 * address; Ctrl-C (or SIGTERM) stops the bot, the stand-ins and the page, and removes the temporary
 * folder. `SANDBOX_PORT` picks the page's port (4480 by default; a free one when it is taken).
 */
import '../test/support/trust-test-ca.ts';
import { logTail, startSandbox } from './server/sandbox.ts';
import { buildPage } from './web/build-page.ts';

const port = Number(process.env.SANDBOX_PORT ?? 4480);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SANDBOX_PORT: "${process.env.SANDBOX_PORT}" is not a port number (0–65535).`);
  process.exit(1);
}

console.log('Starting the Unblock sandbox (the bot, loopback stand-ins for Slack, Entra ID, Graph and Defender, and the page)…');
const sandbox = await startSandbox({ port, buildPage });
console.log(`\n  Unblock sandbox: open ${sandbox.url}\n\n  The bot's log: ${sandbox.botLog}\n  Ctrl-C stops everything.\n`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping the sandbox…');
  await sandbox.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
void sandbox.botExited.then(async (code) => {
  if (stopping) return;
  // The log goes with the temporary folder: its end is shown here first.
  console.error(`The bot exited (code ${code}). The end of its log:\n${await logTail(sandbox.botLog)}`);
  await stop(1);
});
