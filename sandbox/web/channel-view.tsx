import { Fragment, useEffect, useRef } from 'react';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { Composer } from './composer.tsx';
import { DayDivider } from './message-row.tsx';
import { dayKey } from './slack-date.ts';
import { useSlackKit } from './slack-kit.tsx';
import { EphemeralMessage, SlackMessage } from './slack-message.tsx';
import { channelEntries, postedAtOf, threadReplies } from './view-model.ts';

/** A conversation as the viewer sees it: its messages and the viewer's ephemerals, newest at the bottom. */
export function ChannelView({ state, channelId, title, subtitle, viewerId, onOpenThread }: {
  state: SandboxState;
  channelId: string;
  title: string;
  subtitle: string;
  viewerId: string;
  onOpenThread: (ts: string) => void;
}) {
  const entries = channelEntries(state, channelId, viewerId);
  const { dates } = useSlackKit();
  const bottom = useRef<HTMLDivElement>(null);
  const count = entries.length;
  useEffect(() => {
    // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
    void bottom.current?.scrollIntoView({ block: 'end' });
  }, [count, channelId]);
  return (
    <section className="ub-channel" data-testid={`channel-${channelId}`}>
      <header className="ub-pane-header">
        <div>
          <div className="ub-pane-title">{title}</div>
          <div className="ub-pane-subtitle">{subtitle}</div>
        </div>
      </header>
      <div className="ub-pane-scroll">
        {count === 0 && <div className="ub-empty">Nothing here yet.</div>}
        {entries.map((entry, i) => (
          <Fragment key={entry.kind === 'message' ? entry.message.ts : entry.ephemeral.id}>
            {(i === 0 || dayKey(postedAtOf(entry), dates) !== dayKey(postedAtOf(entries[i - 1]!), dates)) && <DayDivider iso={postedAtOf(entry)} />}
            {entry.kind === 'message' ? (
              <SlackMessage
                message={entry.message}
                viewerId={viewerId}
                users={state.users}
                replies={threadReplies(state, channelId, entry.message.ts).length}
                onOpenThread={() => onOpenThread(entry.message.ts)}
              />
            ) : (
              <EphemeralMessage ephemeral={entry.ephemeral} users={state.users} />
            )}
          </Fragment>
        ))}
        <div ref={bottom} />
      </div>
      {channelId === state.commandChannelId && <Composer userId={viewerId} portals={state.portals} />}
    </section>
  );
}
