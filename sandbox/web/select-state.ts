import type { SelectState } from '../shared/sandbox-api.ts';

interface Held {
  readonly blocksKey: string;
  readonly state: SelectState;
}

/**
 * The selects each user changed on each message or Home view, as Slack keeps them and sends them
 * with the next click (`state.values`): kept per surface and user until the surface's blocks change
 * (a chat.update or a new Home view starts again from the initial options).
 */
export class SelectStateStore {
  private readonly held = new Map<string, Held>();

  /** What `surfaceKey` holds for blocks `blocksKey` (their JSON): empty when they changed since. */
  get(surfaceKey: string, blocksKey: string): SelectState {
    const held = this.held.get(surfaceKey);
    return held && held.blocksKey === blocksKey ? held.state : {};
  }

  /** Records a choice and returns the surface's new state. */
  choose(surfaceKey: string, blocksKey: string, blockId: string, actionId: string, option: { value: string; text: string }): SelectState {
    const before = this.get(surfaceKey, blocksKey);
    const state: SelectState = {
      ...before,
      [blockId]: {
        ...before[blockId],
        [actionId]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: option.text }, value: option.value } },
      },
    };
    this.held.set(surfaceKey, { blocksKey, state });
    return state;
  }
}
