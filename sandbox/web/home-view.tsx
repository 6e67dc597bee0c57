import { useEffect } from 'react';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { api } from './api-client.ts';
import type { KitBlock } from './block-kit.ts';
import { BotAvatar } from './bot-avatar.tsx';
import { InteractiveSurface } from './interactive-surface.tsx';

/**
 * The app's Home tab for the viewer: the view last published to them. Opening it tells the sandbox,
 * as Slack sends `app_home_opened` each time a user opens the tab (`opened` counts the openings).
 */
export function HomeView({ state, viewerId, opened }: { state: SandboxState; viewerId: string; opened: number }) {
  useEffect(() => {
    void api.homeOpened(viewerId).catch(() => undefined);
  }, [viewerId, opened]);
  const home = state.homes[viewerId];
  return (
    <section className="ub-channel ub-home" data-testid="home">
      <header className="ub-pane-header">
        <div className="ub-home-title">
          <BotAvatar size={28} />
          <div>
            <div className="ub-pane-title">Unblock</div>
            <div className="ub-pane-subtitle">Home</div>
          </div>
        </div>
      </header>
      <div className="ub-pane-scroll ub-home-body">
        {home ? (
          <InteractiveSurface blocks={home.blocks as KitBlock[]} userId={viewerId} surface={{ kind: 'home' }} />
        ) : (
          <div className="ub-empty">The bot has not published a Home view for you yet (it does when you open this tab).</div>
        )}
      </div>
    </section>
  );
}
