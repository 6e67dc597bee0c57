import { describe, expect, test } from 'vitest';
import { causeOfCategory, stricterCause, type BlockCause } from './block-cause.ts';

describe('causeOfCategory: the documented values (defender-api.md §2, §8)', () => {
  test.each<[string, BlockCause]>([
    ['CustomBlockList', 'org_block_list'],
    ['customBlockList', 'org_block_list'],
    ['CustomPolicy', 'web_content_filtering'],
    ['CasbPolicy', 'cloud_apps'],
    ['Malicious', 'threat_verdict'],
    ['Phishing', 'threat_verdict'],
    ['phishing', 'threat_verdict'],
    ['TechScam', 'threat_verdict'],
    ['TECHSCAM', 'threat_verdict'],
    ['Untrusted', 'threat_verdict'],
    ['C2', 'command_and_control'],
    ['COCO', 'command_and_control'],
    ['CmdCtrl', 'command_and_control'],
    ['cmdctrl', 'command_and_control'],
    ['Cmd-Ctrl', 'command_and_control'],
  ])('%s → %s', (category, cause) => {
    expect(causeOfCategory(category)).toEqual({ cause, recognised: true });
  });
});

describe('causeOfCategory: web content filtering category names, in any spelling', () => {
  test.each(['Gambling', 'gambling', 'Social networking', 'social_networking', 'SocialNetworking', 'Web-based email', 'Streaming media & downloads', 'streaming_and_downloads', 'Parked domains', 'Hacking', 'Generative AI'])(
    '%s',
    (category) => {
      expect(causeOfCategory(category)).toEqual({ cause: 'web_content_filtering', recognised: true });
    },
  );
});

describe('causeOfCategory: unknown values are never harmless', () => {
  test.each<[string, BlockCause]>([
    ['SomethingNew', 'threat_verdict'],
    ['', 'threat_verdict'],
    ['Allowed', 'threat_verdict'],
    ['C2Server', 'command_and_control'],
    ['CommandAndControl', 'command_and_control'],
    ['<!here> & co', 'threat_verdict'],
  ])('%j → %s, unrecognised', (category, cause) => {
    expect(causeOfCategory(category)).toEqual({ cause, recognised: false });
  });
});

describe('stricterCause', () => {
  test.each<[BlockCause, BlockCause, BlockCause]>([
    ['web_content_filtering', 'cloud_apps', 'cloud_apps'],
    ['cloud_apps', 'org_block_list', 'org_block_list'],
    ['org_block_list', 'threat_verdict', 'threat_verdict'],
    ['threat_verdict', 'command_and_control', 'command_and_control'],
    ['command_and_control', 'web_content_filtering', 'command_and_control'],
    ['org_block_list', 'org_block_list', 'org_block_list'],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(stricterCause(a, b)).toBe(expected);
    expect(stricterCause(b, a)).toBe(expected);
  });
});
