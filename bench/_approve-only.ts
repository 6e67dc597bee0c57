import '../test/support/trust-test-ca.ts';
import { approveLatency } from './approve-latency.ts';
import { databaseEnv, freshDatabase, type DatabaseKind } from './bench-database.ts';
import { BotProcess, freePort } from '../test/support/bot-process.ts';
import { addBlockEvents, sendBurst, settle } from './burst.ts';
import { StandIns } from './stand-ins.ts';
import { median } from './stats.ts';
const kind = (process.argv[2] ?? 'pglite') as DatabaseKind;
const standIns = await StandIns.start();
const database = await freshDatabase(kind, process.env.BENCH_DATABASE_URL);
const env = standIns.env(databaseEnv(database.settings), await freePort());
const env2 = { ...env, UNBLOCK_TRACE: process.env.UNBLOCK_TRACE ?? '' };
let bot = (await BotProcess.start(env2)).bot;
if (process.env.BURST) { addBlockEvents(standIns.graph); await sendBurst(bot.port, standIns); await settle(standIns, { quietMs: 5000, timeoutMs: 180000, cpuMs: () => bot.cpuMs() }); await bot.stop(15000); bot = (await BotProcess.start(env2)).bot; }
const a = await approveLatency(bot, standIns, 20);
console.log(a.problems, a.latenciesMs.map(Math.round).join(' '), 'p50', median(a.latenciesMs));
for (const l of bot.logLines().filter((l) => JSON.stringify(l).includes('TRACE'))) console.log(l);
await bot.stop(15000); await standIns.stop(); await database.drop();
process.exit(0);
