import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../src/adapters/slack/action-ids.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the JSON freely; a wrong path fails its assertion.
const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, any>;
const manifest = read('../manifest.json');

describe('manifest.json', () => {
  it("validates against Slack's app manifest schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(read('./fixtures/slack-manifest.schema.json'));
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('creates the app in one step: the slash command, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
  });

  it('turns the Home tab on and subscribes to app_home_opened (Socket Mode: no request URL)', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions).toEqual({ bot_events: ['app_home_opened'] });
  });

  it('asks for the bot scopes Unblock uses and no more', () => {
    // commands: /portal-blocked · chat:write: approval message, thread, updates, DMs
    // im:write: conversations.open for DMs · usergroups:read: APPROVER_USERGROUP_ID membership
    // views.publish (App Home) and the app_home_opened event need no scope (slack.md §3).
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'im:write', 'usergroups:read']);
  });
});
