import { createAzureCredential } from '../adapters/defender/azure-credential.ts';
import { DefenderIndicatorGateway } from '../adapters/defender/defender-indicator-gateway.ts';
import { GraphHuntingSource } from '../adapters/defender/graph-hunting-source.ts';
import { systemClock } from '../adapters/clock/system-clock.ts';
import type { Config } from '../config.ts';
import { failed, skipped, type CheckResult } from './check-result.ts';
import { checkConfig } from './config-check.ts';
import { checkDatabase } from './database-check.ts';
import { checkHunting, checkIndicators } from './defender-checks.ts';
import { checkToken, tokenTargets } from './entra-checks.ts';
import { checkMonitorToken, FORWARDING, forwardingReading } from './sentinel-checks.ts';
import { checkSlack, doctorSlackClient } from './slack-checks.ts';

/** Longest one group of checks (database, Slack, Entra with Graph and Defender) may take, in ms. */
const GROUP_DEADLINE_MS = 60_000;

export interface DoctorOptions {
  /**
   * DRY_RUN: Unblock writes no indicators, so a Defender token without Ti.ReadWrite is accepted.
   * Read from the configuration's `dryRun` when it has one; this option wins (tests).
   */
  readonly dryRun?: boolean;
}

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Every check of `npm run doctor`, in report order: the configuration; then, when it is valid,
 * the database, Slack (token, scopes, channel, approver group) and Entra (a token for Graph and one
 * for Defender, each with its roles), one hunting query and one indicator list call; with the
 * SENTINEL_* settings also a token for Azure Monitor and how forwarding stands (read from the
 * database, nothing sent). The three
 * groups run side by side; a check whose prerequisite failed is skipped with the reason. Starts
 * neither Bolt nor the reconciler, migrates nothing, writes nothing anyone sees.
 */
export async function runDoctor(env: Record<string, string | undefined>, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const { config, results } = checkConfig(env);
  if (!config) {
    const reason = 'needs a valid configuration';
    return [
      ...results,
      ...['Database', 'Slack token', 'Entra token for Microsoft Graph', 'Entra token for Defender', 'Advanced hunting', 'Defender indicators'].map((name) => skipped(name, reason)),
    ];
  }
  const dryRun = options.dryRun ?? configuredDryRun(config);
  const groups = await Promise.all([
    withDeadline('Database', checkDatabase(config.database, config.sentinel ? forwardingReading(config.sentinel) : undefined)),
    withDeadline('Slack', checkSlack(config.slack, doctorSlackClient(config.slack))),
    withDeadline('Entra ID', checkMicrosoft(config, dryRun)),
  ]);
  // The forwarding state is read with the database, but reads best last, after the Azure Monitor token.
  const lines = groups.flat();
  return [...results, ...lines.filter((r) => r.name !== FORWARDING), ...lines.filter((r) => r.name === FORWARDING)];
}

/** DRY_RUN from the configuration: a read-only Defender permission is then enough. */
function configuredDryRun(config: Config): boolean {
  return config.dryRun;
}

async function checkMicrosoft(config: Config, dryRun: boolean): Promise<CheckResult[]> {
  const credential = createAzureCredential(config.azure);
  const targets = tokenTargets(config);
  const configuredTenant = config.azure.credential.kind === 'managed-identity' ? undefined : config.azure.credential.tenantId;
  const [graph, defender] = await Promise.all([
    checkToken(credential, targets.graph, { configuredTenant, dryRun, azure: config.azure }),
    checkToken(credential, targets.defender, { configuredTenant, dryRun, azure: config.azure }),
  ]);
  const hunting = new GraphHuntingSource({ baseUrl: config.graphBaseUrl, credential, logger: quietLogger });
  const indicators = new DefenderIndicatorGateway({ apiUrl: config.defender.apiUrl, scope: config.defender.scope, credential, clock: systemClock, timeoutMs: config.defender.timeoutMs });
  const [huntingResult, indicatorResult, monitor] = await Promise.all([
    graph.usable ? checkHunting(hunting) : skipped('Advanced hunting', 'needs a usable Microsoft Graph token'),
    defender.usable ? checkIndicators(indicators, { dryRun }) : skipped('Defender indicators', 'needs a usable Defender token'),
    config.sentinel ? checkMonitorToken(credential, config.sentinel, { configuredTenant, azure: config.azure }) : undefined,
  ]);
  return [...graph.results, ...defender.results, huntingResult, indicatorResult, ...(monitor ? [monitor] : [])];
}

/** `work`'s lines, or one ✗ line when it takes longer than GROUP_DEADLINE_MS. */
async function withDeadline(group: string, work: Promise<CheckResult[]>): Promise<CheckResult[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult[]>((resolve) => {
    timer = setTimeout(
      () => resolve([failed(group, `no answer within ${GROUP_DEADLINE_MS / 1000} s`, `check the network path to ${group} and its settings`)]),
      GROUP_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
