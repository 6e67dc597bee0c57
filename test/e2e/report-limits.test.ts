import { afterEach, describe, expect, it } from 'vitest';
import { Harness, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

describe.each(databaseTargets())('per-user limits ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
  });

  it('refuses reports over the hourly limit and new requests over the open-request limit, recording nothing', async () => {
    h = await Harness.start(target, { MAX_REPORTS_PER_HOUR: '3', MAX_OPEN_REQUESTS_PER_USER: '2' });
    for (const host of ['a.contoso.com', 'b.contoso.com']) {
      const ack = await h.command(host);
      expect((await h.response(ack.responseId)).text).toContain('Sent to the security team');
    }
    const third = await h.command('c.contoso.com');
    expect((await h.response(third.responseId)).text).toContain('You already have 2 open requests or allows');
    // Joining an open request asks for nothing new, so the open-request limit does not apply…
    const ownJoin = await h.command('b.contoso.com again');
    expect((await h.response(ownJoin.responseId)).text).toContain('You had already reported it');
    // …but every report counts against the hourly limit.
    for (const host of ['a.contoso.com', 'b.contoso.com', 'e.contoso.com']) {
      const ack = await h.command(`${host} me too`, USERS.outsider);
      expect((await h.response(ack.responseId)).text).not.toContain('Nothing was submitted');
    }
    const overHourly = await h.command('f.contoso.com', USERS.outsider);
    expect((await h.response(overHourly.responseId)).text).toContain('You have reported 3 portals in the last hour');

    expect((await h.prisma.unblockRequest.findMany({ orderBy: { number: 'asc' } })).map((r) => r.targetValue)).toEqual(['a.contoso.com', 'b.contoso.com', 'e.contoso.com']);
    expect(h.graph.queries.map((q) => q.target)).toEqual(['a.contoso.com', 'b.contoso.com', 'e.contoso.com']);
  });
});
