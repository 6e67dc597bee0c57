import type { SandboxEphemeral, SandboxMessage, SandboxUser } from '../shared/sandbox-api.ts';
import { blocksOrText } from './block-kit.ts';
import { BlockSurface } from './block-surface.tsx';
import { InteractiveSurface } from './interactive-surface.tsx';
import { MessageRow } from './message-row.tsx';

/** A message of a conversation, drawn for `viewerId`, with its "N replies" link when it has a thread. */
export function SlackMessage({ message, viewerId, users, replies, onOpenThread }: {
  message: SandboxMessage;
  viewerId: string;
  users: readonly SandboxUser[];
  /** How many replies its thread has (0: no link). */
  replies: number;
  onOpenThread?: () => void;
}) {
  const footer =
    replies > 0 && onOpenThread ? (
      <button type="button" className="ub-replies" data-testid={`replies-${message.ts}`} onClick={onOpenThread}>
        {replies} {replies === 1 ? 'reply' : 'replies'} <span className="ub-replies-view">View thread</span>
      </button>
    ) : undefined;
  return (
    <MessageRow author={message.author} users={users} postedAt={message.postedAt} edited={message.edited} testId="message" ts={message.ts} footer={footer}>
      {message.broadcast && message.threadTs && <div className="ub-broadcast-note">replied to a thread</div>}
      <InteractiveSurface blocks={blocksOrText(message.blocks, message.text)} userId={viewerId} surface={{ kind: 'message', channel: message.channel, ts: message.ts }} />
    </MessageRow>
  );
}

/**
 * An ephemeral reply: only its user sees it, marked so. Drawn, not interactive: Unblock's ephemerals
 * are text only, and the contract has no surface for an ephemeral's buttons.
 */
export function EphemeralMessage({ ephemeral, users }: { ephemeral: SandboxEphemeral; users: readonly SandboxUser[] }) {
  return (
    <MessageRow author="bot" users={users} postedAt={ephemeral.postedAt} ephemeral testId="ephemeral" ts={ephemeral.id}>
      <BlockSurface blocks={blocksOrText(ephemeral.blocks, ephemeral.text)} selects={{}} onChoose={() => undefined} onAction={() => undefined} />
    </MessageRow>
  );
}
