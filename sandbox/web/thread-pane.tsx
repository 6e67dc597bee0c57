import type { SandboxState } from '../shared/sandbox-api.ts';
import { EphemeralMessage, SlackMessage } from './slack-message.tsx';
import { threadEntries, threadReplies } from './view-model.ts';

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
        {parent && <SlackMessage message={parent} viewerId={viewerId} users={state.users} replies={0} />}
        <div className="ub-thread-count">
          {replies.length} {replies.length === 1 ? 'reply' : 'replies'}
        </div>
        {threadEntries(state, channelId, ts, viewerId).map((entry) =>
          entry.kind === 'message' ? (
            <SlackMessage key={entry.message.ts} message={entry.message} viewerId={viewerId} users={state.users} replies={0} />
          ) : (
            <EphemeralMessage key={entry.ephemeral.id} ephemeral={entry.ephemeral} users={state.users} />
          ),
        )}
      </div>
    </aside>
  );
}
