import type { ReactNode } from 'react';
import type { SandboxUser } from '../shared/sandbox-api.ts';
import { BotAvatar, UserAvatar } from './bot-avatar.tsx';

/** "9:41 AM" in the browser's time zone. */
export function shortTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

/**
 * One message as Slack's desktop client lays it out: avatar, author (the bot with its APP badge),
 * time, "(edited)", the body, and what goes under it (replies link, "Only visible to you").
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
              {shortTime(postedAt)}
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
