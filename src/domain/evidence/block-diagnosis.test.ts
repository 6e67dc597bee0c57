import { describe, expect, test } from 'vitest';
import { diagnoseBlock, type DiagnosableEvidence } from './block-diagnosis.ts';

const found = (summary: Partial<DiagnosableEvidence['summary']>): DiagnosableEvidence => ({
  outcome: 'found',
  summary: { totalEvents: 0, audited: 0, categories: [], ...summary },
});

describe('diagnoseBlock', () => {
  test('no evidence yet, or hunting unavailable: unknown', () => {
    expect(diagnoseBlock(null)).toEqual({ kind: 'unavailable' });
    expect(diagnoseBlock(undefined)).toEqual({ kind: 'unavailable' });
    expect(diagnoseBlock({ outcome: 'unavailable', summary: { totalEvents: 0, audited: 0, categories: [] } })).toEqual({ kind: 'unavailable' });
  });

  test('no rows: not a Network Protection block', () => {
    expect(diagnoseBlock({ outcome: 'none', summary: { totalEvents: 0, audited: 0, categories: [] } })).toEqual({ kind: 'not_blocked', why: 'no_events', cause: null, causes: [] });
  });

  test('audit rows only: not a block, but the verdict they carry still counts', () => {
    expect(diagnoseBlock(found({ totalEvents: 2, audited: 2, categories: [{ name: 'Phishing', count: 2 }], auditedCategories: [{ name: 'Phishing', count: 2 }] }))).toEqual({
      kind: 'not_blocked',
      why: 'audit_only',
      cause: 'threat_verdict',
      causes: [{ category: 'Phishing', count: 2, audited: 2, cause: 'threat_verdict', recognised: true }],
    });
  });

  test('a block is governed by its strictest cause, listed first; ties by count', () => {
    const diagnosis = diagnoseBlock(
      found({
        totalEvents: 10,
        categories: [
          { name: 'CustomBlockList', count: 6 },
          { name: 'CustomPolicy', count: 2 },
          { name: 'Phishing', count: 1 },
          { name: 'Malicious', count: 1 },
        ],
      }),
    );
    expect(diagnosis).toEqual({
      kind: 'blocked',
      cause: 'threat_verdict',
      causes: [
        { category: 'Phishing', count: 1, audited: 0, cause: 'threat_verdict', recognised: true },
        { category: 'Malicious', count: 1, audited: 0, cause: 'threat_verdict', recognised: true },
        { category: 'CustomBlockList', count: 6, audited: 0, cause: 'org_block_list', recognised: true },
        { category: 'CustomPolicy', count: 2, audited: 0, cause: 'web_content_filtering', recognised: true },
      ],
    });
  });

  test('events that named no category are an unknown cause, read strictly', () => {
    expect(diagnoseBlock(found({ totalEvents: 3, categories: [{ name: 'CustomPolicy', count: 1 }] }))).toEqual({
      kind: 'blocked',
      cause: 'threat_verdict',
      causes: [
        { category: null, count: 2, audited: 0, cause: 'threat_verdict', recognised: false },
        { category: 'CustomPolicy', count: 1, audited: 0, cause: 'web_content_filtering', recognised: true },
      ],
    });
  });

  test('each cause counts its audit-mode events; a summary stored before they were kept marks none', () => {
    const diagnosis = diagnoseBlock(
      found({ totalEvents: 5, audited: 3, categories: [{ name: 'CustomBlockList', count: 2 }, { name: 'C2', count: 1 }], auditedCategories: [{ name: 'C2', count: 1 }] }),
    );
    expect(diagnosis).toMatchObject({
      kind: 'blocked',
      cause: 'command_and_control',
      causes: [
        { category: 'C2', count: 1, audited: 1 },
        { category: null, count: 2, audited: 2 },
        { category: 'CustomBlockList', count: 2, audited: 0 },
      ],
    });
    const old = diagnoseBlock(found({ totalEvents: 3, audited: 1, categories: [{ name: 'CustomBlockList', count: 2 }, { name: 'C2', count: 1 }] }));
    expect(old.kind === 'blocked' && old.causes.map((c) => c.audited)).toEqual([0, 0]);
  });

  test('a command-and-control verdict governs whatever else was seen', () => {
    const diagnosis = diagnoseBlock(found({ totalEvents: 5, categories: [{ name: 'CustomBlockList', count: 4 }, { name: 'CmdCtrl', count: 1 }] }));
    expect(diagnosis.kind === 'blocked' && diagnosis.cause).toBe('command_and_control');
  });
});
