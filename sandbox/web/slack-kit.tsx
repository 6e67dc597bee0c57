import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { MessageProps } from 'slack-blocks-to-jsx';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { emojiOrText, newTabLink } from './mrkdwn-text.tsx';
import { formatSlackDate, type DateContext } from './slack-date.ts';
import { mentionData } from './view-model.ts';

/** What every drawn message shares: mention names and the hooks (dates against the sandbox clock). */
export interface SlackKit {
  readonly data: NonNullable<MessageProps['data']>;
  readonly hooks: NonNullable<MessageProps['hooks']>;
  /**
   * Changes when the sandbox clock is moved. The library keeps the hooks of a drawn message (its
   * dates stayed "Today" after the clock moved 2 days on), so drawn blocks are keyed by it and drawn
   * anew.
   */
  readonly clockKey: string;
  /** The sandbox clock's "now" and the zone dates are said in (the browser's when undefined). */
  readonly dates: DateContext;
}

/** The library's options for a state: names from `users` and `channels`, `<!date^…>` read against `now`. */
export function slackKitFor(state: Pick<SandboxState, 'users' | 'channels' | 'commandChannelId' | 'now'> & Partial<Pick<SandboxState, 'offsetMs'>>, timeZone?: string): SlackKit {
  const now = new Date(state.now);
  return {
    clockKey: String(state.offsetMs ?? 0),
    dates: { now, ...(timeZone ? { timeZone } : {}) },
    data: mentionData(state),
    hooks: {
      date: ({ timestamp, format, fallback }) => (
        <span className="ub-date" title={fallback}>
          {formatSlackDate(timestamp, format, fallback, { now, ...(timeZone ? { timeZone } : {}) })}
        </span>
      ),
      emoji: emojiOrText,
      link: newTabLink,
    },
  };
}

/** The drawing options in force (SlackKitProvider sets them from the state; tests set their own). */
export const SlackKitContext = createContext<SlackKit>({ data: {}, hooks: {}, clockKey: '0', dates: { now: new Date(0) } });

/** Provides the library's options, rebuilt only when the names or the sandbox clock change. */
export function SlackKitProvider({ state, children }: { state: SandboxState; children: ReactNode }) {
  const kit = useMemo(() => slackKitFor(state), [state]);
  return <SlackKitContext.Provider value={kit}>{children}</SlackKitContext.Provider>;
}

/** The current drawing options. */
export function useSlackKit(): SlackKit {
  return useContext(SlackKitContext);
}
