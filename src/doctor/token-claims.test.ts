import { describe, expect, test } from 'vitest';
import { grantedRole, readTokenClaims, tenantMismatch } from './token-claims.ts';

const jwt = (payload: unknown) =>
  [{ typ: 'JWT', alg: 'RS256' }, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('readTokenClaims', () => {
  test('reads aud, tid, appid and roles of a v1.0 app-only token', () => {
    expect(readTokenClaims(jwt({ aud: 'https://graph.microsoft.com', tid: TENANT, appid: 'app-1', roles: ['ThreatHunting.Read.All'], ver: '1.0' }))).toEqual({
      audience: 'https://graph.microsoft.com',
      tenantId: TENANT,
      appId: 'app-1',
      roles: ['ThreatHunting.Read.All'],
    });
  });

  test('a v2.0 token names the client in azp; a token without roles has none', () => {
    expect(readTokenClaims(jwt({ aud: 'x', tid: TENANT, azp: 'app-2', ver: '2.0' }))).toMatchObject({ appId: 'app-2', roles: [] });
  });

  test.each([['opaque-token'], ['a.b'], ['a.!!!.c'], [`x.${Buffer.from('not json').toString('base64url')}.y`], [`x.${Buffer.from('[1]').toString('base64url')}.y`]])(
    '%s is not a readable JWT',
    (token) => expect(readTokenClaims(token)).toBeUndefined(),
  );
});

describe('tenantMismatch', () => {
  test.each([
    [TENANT, TENANT, false],
    [TENANT.toUpperCase(), TENANT, false],
    [TENANT, '00000000-0000-0000-0000-000000000001', true],
    ['contoso.onmicrosoft.com', TENANT, false],
    [undefined, TENANT, false],
    [TENANT, undefined, false],
  ])('configured %s, token %s → %s', (configured, tid, expected) => expect(tenantMismatch(configured, tid)).toBe(expected));
});

describe('grantedRole', () => {
  test('the first of the accepted roles the token carries', () => {
    expect(grantedRole(['Ti.ReadWrite.All'], ['Ti.ReadWrite', 'Ti.ReadWrite.All'])).toBe('Ti.ReadWrite.All');
    expect(grantedRole(['ThreatHunting.Read.All'], ['Ti.ReadWrite', 'Ti.ReadWrite.All'])).toBeUndefined();
  });
});
