import { Fragment } from 'react';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { DayDivider } from './message-row.tsx';
import { dayKey } from './slack-date.ts';
import { useSlackKit } from './slack-kit.tsx';
import { EphemeralMessage, SlackMessage } from './slack-message.tsx';
import { postedAtOf, threadEntries, threadReplies } from './view-model.ts';

/** The thread pane on the right: the parent, then its replies and the viewer's ephemerals there, as the viewer sees them. */
export function ThreadPane({ state, channelId, ts, viewerId, channelName, onClose }: {
  state: SandboxState;
  channelId: string;
  ts: string;
  viewerId: string;
  channelName: string;
  onClose: () => void;
}) {
  const parent = state.messages.find((m) => m.channel === channelId && m.ts === ts);
  const replies = threadReplies(state, channelId, ts);
  const entries = threadEntries(state, channelId, ts, viewerId);
  const { dates } = useSlackKit();
  const dayBefore = (i: number): string | undefined => (i > 0 ? dayKey(postedAtOf(entries[i - 1]!), dates) : parent && dayKey(parent.postedAt, dates));
  return (
    <aside className="ub-thread" data-testid="thread-pane">
      <header className="ub-pane-header">
        <div>
          <div className="ub-pane-title">Thread</div>
          <div className="ub-pane-subtitle">#{channelName}</div>
        </div>
        <button type="button" className="ub-icon-button" aria-label="Close thread" data-testid="thread-close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="ub-pane-scroll">
        {parent && <DayDivider iso={parent.postedAt} />}
        {parent && <SlackMessage message={parent} viewerId={viewerId} users={state.users} replies={0} />}
        <div className="ub-thread-count">
          {replies.length} {replies.length === 1 ? 'reply' : 'replies'}
        </div>
        {entries.map((entry, i) => (
          <Fragment key={entry.kind === 'message' ? entry.message.ts : entry.ephemeral.id}>
            {dayKey(postedAtOf(entry), dates) !== dayBefore(i) && <DayDivider iso={postedAtOf(entry)} />}
            {entry.kind === 'message' ? (
              <SlackMessage message={entry.message} viewerId={viewerId} users={state.users} replies={0} />
            ) : (
              <EphemeralMessage ephemeral={entry.ephemeral} users={state.users} />
            )}
          </Fragment>
        ))}
      </div>
    </aside>
  );
}
