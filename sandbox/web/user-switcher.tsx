import type { SandboxUser } from '../shared/sandbox-api.ts';
import { UserAvatar } from './bot-avatar.tsx';

/** Whose Slack the page shows: one entry per sample user, with their part in the story. */
export function UserSwitcher({ users, viewerId, onPick }: { users: readonly SandboxUser[]; viewerId: string; onPick: (id: string) => void }) {
  return (
    <div className="ub-users" role="tablist" aria-label="View as">
      <span className="ub-users-label">Viewing as</span>
      {users.map((u) => (
        <button
          key={u.id}
          type="button"
          role="tab"
          aria-selected={u.id === viewerId}
          className={`ub-user${u.id === viewerId ? ' ub-active' : ''}`}
          data-testid={`user-${u.id}`}
          onClick={() => onPick(u.id)}
        >
          <UserAvatar id={u.id} name={u.name} size={22} />
          <span className="ub-user-text">
            <span className="ub-user-name">{u.name}</span>
            <span className="ub-user-role">{u.role}</span>
          </span>
        </button>
      ))}
    </div>
  );
}
