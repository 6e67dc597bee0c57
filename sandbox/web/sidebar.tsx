import type { SandboxState } from '../shared/sandbox-api.ts';
import { BotAvatar } from './bot-avatar.tsx';
import { dmChannelOf, seesApprovals, type Place } from './view-model.ts';

/** The Slack sidebar: Home, the channels the viewer is in (#security-approvals only for approvers), the DM with Unblock. */
export function Sidebar({ state, viewerId, place, unread, onGo }: {
  state: SandboxState;
  viewerId: string;
  place: Place;
  /** The bot's DMs to the viewer they have not looked at yet: the DM entry is bold with the count. */
  unread: number;
  onGo: (place: Place) => void;
}) {
  const approvals = state.channels.find((c) => c.id === state.approvalChannelId)?.name ?? 'security-approvals';
  const dm = dmChannelOf(state, viewerId);
  const isAt = (p: Place): boolean =>
    p.kind === place.kind && (p.kind === 'home' || (place.kind === 'channel' && p.channelId === place.channelId));
  const entry = (p: Place, testId: string, label: React.ReactNode, bold = false) => (
    <button type="button" className={`ub-side-entry${isAt(p) ? ' ub-active' : ''}${bold ? ' ub-unread' : ''}`} data-testid={testId} onClick={() => onGo(p)}>
      {label}
    </button>
  );
  return (
    <nav className="ub-sidebar">
      <div className="ub-workspace">Contoso</div>
      <div className="ub-side-section">Apps</div>
      {entry({ kind: 'home' }, 'side-home', (
        <>
          <BotAvatar size={18} /> Unblock <span className="ub-side-hint">Home</span>
        </>
      ))}
      <div className="ub-side-section">Channels</div>
      {seesApprovals(state, viewerId) && entry({ kind: 'channel', channelId: state.approvalChannelId }, 'side-approvals', <><span className="ub-hash">#</span> {approvals}</>)}
      {entry({ kind: 'channel', channelId: state.commandChannelId }, 'side-general', <><span className="ub-hash">#</span> general</>)}
      <div className="ub-side-section">Direct messages</div>
      {entry(
        { kind: 'channel', channelId: dm ?? `D${viewerId}` },
        'side-dm',
        <>
          <BotAvatar size={18} /> Unblock{' '}
          {unread > 0 ? (
            <span className="ub-badge" data-testid="dm-unread" aria-label={`${unread} unread`}>
              {unread}
            </span>
          ) : (
            <span className="ub-side-hint">{dm ? '' : 'no messages yet'}</span>
          )}
        </>,
        unread > 0,
      )}
    </nav>
  );
}
