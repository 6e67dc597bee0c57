import { describe, expect, test } from 'vitest';
import { propagationText, type PropagationAudience } from './propagation.ts';

describe('propagationText', () => {
  test.each<[PropagationAudience, string]>([
    ['approvers', 'Devices usually pick it up within 2 hours (up to 48 hours).'],
    ['requester', 'Devices usually pick up the change within 2 hours (rarely up to 48), so try again a little later if it still fails.'],
    ['later_reporter', 'Devices can take up to 2 hours to pick it up.'],
    ['still_blocked', 'Propagation can take up to 48 hours.'],
    ['removal', 'Devices usually stop allowing it within 2 hours (up to 48 hours).'],
  ])('tells %s how long Defender takes to reach devices', (audience, text) => {
    expect(propagationText(audience)).toBe(text);
  });
});
