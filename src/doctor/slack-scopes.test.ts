import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BOT_SCOPES, missingScopes } from './slack-scopes.ts';

describe('bot scopes', () => {
  test("are exactly manifest.json's bot scopes", () => {
    const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    expect(Object.keys(BOT_SCOPES).sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  test('usergroups:read is missing only when an approver group is configured', () => {
    const granted = ['commands', 'chat:write', 'im:write'];
    expect(missingScopes(granted, { approverUsergroup: false })).toEqual([]);
    expect(missingScopes(granted, { approverUsergroup: true })).toEqual(['usergroups:read']);
    expect(missingScopes(['commands'], { approverUsergroup: false })).toEqual(['chat:write', 'im:write']);
  });
});
