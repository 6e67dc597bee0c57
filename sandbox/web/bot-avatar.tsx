/** Unblock's avatar: a shield on the app's colour, drawn inline (the page loads nothing from outside). */
export function BotAvatar({ size = 36 }: { size?: number }) {
  return (
    <svg className="ub-avatar" width={size} height={size} viewBox="0 0 36 36" aria-hidden="true">
      <rect width="36" height="36" rx="8" fill="#2b6b5f" />
      <path d="M18 7l9 3.5v6.5c0 6-3.9 10.2-9 12-5.1-1.8-9-6-9-12v-6.5z" fill="#e8f5f1" />
      <path d="M14 18.5l3 3 5.5-6" stroke="#2b6b5f" strokeWidth="2.4" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A person's avatar: their initials on a colour taken from their id. */
export function UserAvatar({ id, name, size = 36 }: { id: string; name: string; size?: number }) {
  const hue = [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360;
  const initials = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
  return (
    <span className="ub-user-avatar" style={{ width: size, height: size, background: `hsl(${hue} 45% 45%)`, fontSize: size * 0.4 }} aria-hidden="true">
      {initials}
    </span>
  );
}
