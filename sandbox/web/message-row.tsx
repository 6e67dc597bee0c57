import type { ReactNode } from 'react';
import type { SandboxUser } from '../shared/sandbox-api.ts';
import { BotAvatar, UserAvatar } from './bot-avatar.tsx';
import { dayDivider, messageTime } from './slack-date.ts';
import { useSlackKit } from './slack-kit.tsx';

/** Slack's line above a day's first message: "Today", "Yesterday", "Wednesday, December 2nd". */
export function DayDivider({ iso }: { iso: string }) {
  const { dates } = useSlackKit();
  return (
    <div className="ub-day-divider" data-testid="day-divider" role="separator">
      <span>{dayDivider(iso, dates)}</span>
    </div>
  );
}

/**
 * One message as Slack's desktop client lays it out: avatar, author (the bot with its APP badge),
 * time (with its day when not the sandbox's today), "(edited)", the body, and what goes under it (replies link, "Only visible to you").
 */
export function MessageRow({ author, users, postedAt, edited, ephemeral, testId, ts, children, footer }: {
  author: string;
  users: readonly SandboxUser[];
  postedAt: string;
  edited?: boolean;
  ephemeral?: boolean;
  testId: string;
  ts?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const user = users.find((u) => u.id === author);
  const { dates } = useSlackKit();
  return (
    <div className={`ub-message${ephemeral ? ' ub-ephemeral' : ''}`} data-testid={testId} data-ts={ts}>
      {ephemeral && <div className="ub-only-you">👁 Only visible to you</div>}
      <div className="ub-message-main">
        <div className="ub-message-avatar">{user ? <UserAvatar id={user.id} name={user.name} /> : <BotAvatar />}</div>
        <div className="ub-message-body">
          <div className="ub-message-meta">
            <span className="ub-author">{user?.name ?? 'Unblock'}</span>
            {!user && <span className="ub-app-badge">APP</span>}
            <time className="ub-time" dateTime={postedAt} title={new Date(postedAt).toString()}>
              {messageTime(postedAt, dates)}
            </time>
            {edited && <span className="ub-edited">(edited)</span>}
          </div>
          {children}
          {footer}
        </div>
      </div>
    </div>
  );
}
