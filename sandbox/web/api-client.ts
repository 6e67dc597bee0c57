import type { ActionInput, ActionResult, ClockInput, CommandInput, CommandResult, SandboxState } from '../shared/sandbox-api.ts';

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

/** The page's calls to the sandbox server (sandbox/shared/sandbox-api.ts), same origin. */
export const api = {
  async state(): Promise<SandboxState> {
    const response = await fetch('/api/state', { cache: 'no-store' });
    if (!response.ok) throw new Error(`GET /api/state answered ${response.status}`);
    return (await response.json()) as SandboxState;
  },
  command: (input: CommandInput) => post<CommandResult>('/api/command', input),
  action: (input: ActionInput) => post<ActionResult>('/api/action', input),
  homeOpened: (userId: string) => post<{ ok: boolean }>('/api/home-opened', { userId }),
  clock: (input: ClockInput) => post<{ ok: boolean; now?: string; error?: string }>('/api/clock', input),
};
