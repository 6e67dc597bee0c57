import { describe, expect, it } from 'vitest';
import { actorLabel, parseActorLabel, slackUser, system } from './request.ts';

describe('actor labels in the audit trail', () => {
  it.each([slackUser('U0ALICE'), system('reconciler'), system('slack')])('%j reads back as itself', (actor) => {
    expect(parseActorLabel(actorLabel(actor))).toEqual(actor);
  });

  it.each(['', 'slack:', 'U0ALICE', 'admin:root', ':U0ALICE'])('%j names no actor', (label) => {
    expect(parseActorLabel(label)).toBeNull();
  });
});
