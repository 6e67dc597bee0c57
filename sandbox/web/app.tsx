import { useEffect, useState } from 'react';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { BotLight } from './bot-light.tsx';
import { ChannelView } from './channel-view.tsx';
import { ClockControl } from './clock-control.tsx';
import { HomeView } from './home-view.tsx';
import { IndicatorsPanel } from './indicators-panel.tsx';
import { formatAddress, parseAddress } from './page-address.ts';
import { Sidebar } from './sidebar.tsx';
import { SlackKitProvider } from './slack-kit.tsx';
import { ThreadPane } from './thread-pane.tsx';
import { useSandboxState } from './use-sandbox-state.ts';
import { UserSwitcher } from './user-switcher.tsx';
import { dmChannelOf, latestDmTs, placeFor, unreadDms, type Place } from './view-model.ts';

/** The title and subtitle of a conversation for the viewer. */
function describe(state: SandboxState, channelId: string): { title: string; subtitle: string } {
  if (channelId === state.approvalChannelId) {
    const name = state.channels.find((c) => c.id === channelId)?.name ?? 'security-approvals';
    return { title: `# ${name}`, subtitle: 'Where approvers decide: requests, decisions and their threads' };
  }
  if (channelId === state.commandChannelId) return { title: '# general', subtitle: 'Type /portal-blocked here; the bot answers only you' };
  return { title: 'Unblock', subtitle: 'Your direct messages with the app' };
}

/** The sandbox's Slack as one user sees it, with the sandbox's own controls above and Defender below. */
function Workspace({ state, unreachable }: { state: SandboxState; unreachable: boolean }) {
  const [viewerId, setViewerId] = useState(() => {
    const wanted = parseAddress(window.location.hash).viewerId;
    return state.users.find((u) => u.id === wanted)?.id ?? state.users[0]?.id ?? '';
  });
  const [place, setPlace] = useState<Place>(() => placeFor(state, viewerId, parseAddress(window.location.hash).place));
  useEffect(() => window.history.replaceState(null, '', formatAddress(viewerId, place)), [viewerId, place]);
  const [thread, setThread] = useState<{ channelId: string; ts: string }>();
  const [homeOpenings, setHomeOpenings] = useState(0);
  // The newest bot DM each user has looked at (in this page, as Slack's client keeps read marks).
  const [seenDm, setSeenDm] = useState<Readonly<Record<string, string>>>({});
  const latestDm = latestDmTs(state, viewerId);
  const atDm = place.kind === 'channel' && place.channelId === dmChannelOf(state, viewerId);
  useEffect(() => {
    if (atDm && latestDm !== undefined && seenDm[viewerId] !== latestDm) setSeenDm((seen) => ({ ...seen, [viewerId]: latestDm }));
  }, [atDm, latestDm, viewerId, seenDm]);
  const go = (next: Place): void => {
    setPlace(next);
    setThread(undefined);
    if (next.kind === 'home') setHomeOpenings((n) => n + 1);
  };
  const pickUser = (id: string): void => {
    setViewerId(id);
    setPlace(placeFor(state, id, place));
    setThread(undefined);
    if (place.kind === 'home') setHomeOpenings((n) => n + 1);
  };
  return (
    <SlackKitProvider state={state}>
      <div className="ub-app">
        <header className="ub-topbar">
          <div className="ub-topbar-row">
            <div className="ub-brand">
              Unblock <span className="ub-brand-sub">sandbox</span>
            </div>
            <UserSwitcher users={state.users} viewerId={viewerId} onPick={pickUser} />
            <div className="ub-topbar-right">
              <BotLight ready={state.botReady} unreachable={unreachable} />
            </div>
          </div>
          <div className="ub-topbar-row ub-clockbar">
            <ClockControl now={state.now} offsetMs={state.offsetMs} />
          </div>
        </header>
        <div className="ub-body">
          <Sidebar state={state} viewerId={viewerId} place={place} unread={atDm ? 0 : unreadDms(state, viewerId, seenDm[viewerId])} onGo={go} />
          <main className="ub-main">
            {place.kind === 'home' ? (
              <HomeView state={state} viewerId={viewerId} opened={homeOpenings} />
            ) : (
              <ChannelView
                state={state}
                channelId={place.channelId}
                viewerId={viewerId}
                {...describe(state, place.channelId)}
                onOpenThread={(ts) => setThread({ channelId: place.channelId, ts })}
              />
            )}
            {thread && (
              <ThreadPane
                state={state}
                channelId={thread.channelId}
                ts={thread.ts}
                viewerId={viewerId}
                channelName={describe(state, thread.channelId).title.replace(/^# /, '')}
                onClose={() => setThread(undefined)}
              />
            )}
          </main>
        </div>
        <IndicatorsPanel indicators={state.indicators} now={state.now} />
      </div>
    </SlackKitProvider>
  );
}

/** The page: waits for the first state, then shows the workspace. */
export function App() {
  const { state, error } = useSandboxState();
  if (!state) return <div className="ub-loading">{error ? `Waiting for the sandbox server… (${error})` : 'Loading the sandbox…'}</div>;
  return <Workspace state={state} unreachable={error !== undefined} />;
}
