import type { webApi } from '@slack/bolt';
import type { ApproverDirectory } from '../../app/ports/approver-directory.ts';
import type { Metrics } from '../../app/ports/metrics.ts';
import { slackErrorLabel } from './outbox/slack-failure.ts';
import type { Clock } from '../../app/ports/runtime.ts';

const MEMBERS_TTL_MS = 60_000;
/** A miss re-reads the group (someone may just have been added), but not more often than this. */
const MISS_REFRESH_MS = 5_000;

/**
 * Approvers are the configured user ids plus the members of the approver user group
 * (usergroups.users.list, a Tier 2 method: cached for a minute, refreshed on a miss).
 */
export class SlackApproverDirectory implements ApproverDirectory {
  private readonly client: webApi.WebClient;
  private readonly userIds: ReadonlySet<string>;
  private readonly usergroupId: string | undefined;
  private readonly clock: Clock;
  private readonly metrics: Metrics | undefined;
  private cache: { members: ReadonlySet<string>; fetchedAt: number } | undefined;

  /** `metrics`, when given, counts a failed group look-up (`slack_api_errors`, surface `approver_directory`). */
  constructor(options: { client: webApi.WebClient; userIds: readonly string[]; usergroupId: string | undefined; clock: Clock; metrics?: Metrics }) {
    this.metrics = options.metrics;
    this.client = options.client;
    this.userIds = new Set(options.userIds);
    this.usergroupId = options.usergroupId;
    this.clock = options.clock;
  }

  async isApprover(userId: string): Promise<boolean> {
    if (this.userIds.has(userId)) return true;
    if (this.usergroupId === undefined) return false;
    const now = this.clock.now().getTime();
    if (this.cache === undefined || now - this.cache.fetchedAt > MEMBERS_TTL_MS) await this.refresh(now);
    if (this.cache!.members.has(userId)) return true;
    if (now - this.cache!.fetchedAt > MISS_REFRESH_MS) await this.refresh(now);
    return this.cache!.members.has(userId);
  }

  private async refresh(now: number): Promise<void> {
    const result = await this.client.usergroups.users.list({ usergroup: this.usergroupId! }).catch((error: unknown) => {
      this.metrics?.increment('slack_api_errors', { surface: 'approver_directory', error: slackErrorLabel(error) });
      throw error;
    });
    this.cache = { members: new Set(result.users ?? []), fetchedAt: now };
  }
}
