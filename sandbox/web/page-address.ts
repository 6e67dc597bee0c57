import type { Place } from './view-model.ts';

/** Whose Slack and which place the page shows, kept in the address's fragment so a reload keeps them. */
export interface PageAddress {
  readonly viewerId?: string;
  readonly place?: Place;
}

/** `#U0BEN/home`, `#U0BEN/C0SECURITY` → the viewer and the place; anything else → nothing. */
export function parseAddress(hash: string): PageAddress {
  const [viewerId, where] = hash.replace(/^#/, '').split('/');
  if (!viewerId || !/^[A-Z0-9]+$/.test(viewerId)) return {};
  if (where === 'home') return { viewerId, place: { kind: 'home' } };
  if (where && /^[A-Z0-9]+$/.test(where)) return { viewerId, place: { kind: 'channel', channelId: where } };
  return { viewerId };
}

/** The fragment for a viewer and a place. */
export function formatAddress(viewerId: string, place: Place): string {
  return `#${viewerId}/${place.kind === 'home' ? 'home' : place.channelId}`;
}
