import type { AuditDetails } from '../../src/app/ports/audit.ts';
import type { NewRequest } from '../../src/app/ports/request-records.ts';
import type { RequestStore } from '../../src/app/ports/request-store.ts';
import { randomUUID } from 'node:crypto';
import { slackUser, type Reporter } from '../../src/domain/request/request.ts';

/** What reportBlockedPortal audits when it opens a request. */
export const reportedAudit = (input: NewRequest): AuditDetails => ({
  actor: slackUser(input.requesterId),
  at: input.at,
  action: 'request.reported',
  details: { target: input.target, reportedTarget: input.reportedTarget },
});

/** What reportBlockedPortal audits when someone joins a request. */
export const joinedAudit = (reporter: Reporter): AuditDetails => ({
  actor: slackUser(reporter.userId),
  at: reporter.reportedAt,
  action: 'request.joined',
  details: { reason: reporter.reason },
});

/** Opens a request directly in `store`, audited as the use-case does. */
export const openReported = (store: Pick<RequestStore, 'openRequest'>, input: NewRequest) => store.openRequest(input, reportedAudit(input));

/** Adds a reporter directly in `store`, audited as the use-case does. */
export const addJoined = (store: Pick<RequestStore, 'addReporter'>, requestId: string, reporter: Reporter) => store.addReporter(requestId, reporter, joinedAudit(reporter));

/** A request for `host` reported by `requesterId` at `at`, with a fresh id ("shipping app fails"). */
export const newHostRequest = (host: string, requesterId: string, at: Date): NewRequest => ({
  id: randomUUID(),
  target: { type: 'DomainName', value: host },
  reportedTarget: host,
  coversSubdomains: false,
  requesterId,
  reason: 'shipping app fails',
  at,
});
