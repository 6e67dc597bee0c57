import type { DefenderIndicatorGateway } from '../adapters/defender/defender-indicator-gateway.ts';
import type { GraphHuntingSource } from '../adapters/defender/graph-hunting-source.ts';
import { failed, passed, type CheckResult } from './check-result.ts';
import { vendorFailure } from './vendor-failure.ts';

/**
 * One minimal advanced hunting query through the bot's Graph client (`DeviceEvents | take 1 |
 * count`, see GraphHuntingSource.countFirstEvents): Graph's refusal keeps its own reason and the
 * permission to grant.
 */
export async function checkHunting(hunting: Pick<GraphHuntingSource, 'countFirstEvents'>): Promise<CheckResult> {
  const name = 'Advanced hunting';
  try {
    const count = await hunting.countFirstEvents();
    return passed(name, `DeviceEvents | take 1 | count answered ${count}${count === 0 ? ' (no device events in the last day: are devices onboarded?)' : ''}`);
  } catch (error) {
    const { detail, fix } = vendorFailure(error);
    return failed(name, detail, fix ?? 'try again later; if it persists, check the Microsoft 365 service health');
  }
}

/**
 * One indicator list call through the bot's Defender gateway (`GET /api/indicators?$top=1`).
 * With `dryRun`, Defender refusing it for want of permission (403) is accepted: DRY_RUN writes no
 * indicators (the look-up of existing indicators then reads nothing).
 */
export async function checkIndicators(indicators: Pick<DefenderIndicatorGateway, 'listFirst'>, options: { dryRun: boolean }): Promise<CheckResult> {
  const name = 'Defender indicators';
  try {
    const listed = await indicators.listFirst();
    return passed(name, `GET /api/indicators?$top=1 answered (${listed} indicator${listed === 1 ? '' : 's'} listed)`);
  } catch (error) {
    const { detail, fix } = vendorFailure(error);
    if (options.dryRun && (error as { status?: unknown }).status === 403) return passed(name, `${detail}; accepted because DRY_RUN is on`);
    return failed(name, detail, fix ?? 'try again later; if it persists, check DEFENDER_API_URL and the Microsoft 365 service health');
  }
}
