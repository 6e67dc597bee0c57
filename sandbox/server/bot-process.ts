/**
 * The sandbox's bot: `npm start`'s own start-up (src/run-bot.ts) with the sandbox clock in place of
 * the system clock. Started by sandbox/server/bot-child.ts with an IPC channel, which is the only way
 * to move its clock: `{ type: 'clock', offsetMs }` sets the offset and runs a reconcile round at once
 * (reminders, checks and expiry that became due), then answers `{ type: 'clock-moved', now }`.
 * When the sandbox goes (the IPC channel closes, even after a SIGKILL of the sandbox), the bot stops
 * as on SIGTERM: it never outlives the sandbox that started it.
 */
import { runBot } from '../../src/run-bot.ts';
import type { RunningUnblock } from '../../src/server.ts';
import { SandboxClock } from './sandbox-clock.ts';

const clock = new SandboxClock();
let running: RunningUnblock | undefined;

process.on('message', (message: { type?: string; offsetMs?: number }) => {
  if (message.type !== 'clock' || typeof message.offsetMs !== 'number') return;
  clock.follow(message.offsetMs);
  void (running?.reconcileNow() ?? Promise.resolve()).then(
    () => process.send?.({ type: 'clock-moved', now: clock.now().toISOString() }),
    (error: unknown) => process.send?.({ type: 'clock-moved', now: clock.now().toISOString(), error: String(error) }),
  );
});
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));

await runBot({ env: process.env, clock, onStarted: (started) => (running = started) });
