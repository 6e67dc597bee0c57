import { useEffect, useState } from 'react';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { api } from './api-client.ts';

/** How often the page asks for the state (the server answers from memory). */
const POLL_MS = 500;

/**
 * The sandbox's state, polled every POLL_MS; a new object (so a redraw) only when the server's
 * `version` changed. `error` says the last poll failed (the server is down or restarting).
 */
export function useSandboxState(): { state: SandboxState | undefined; error: string | undefined } {
  const [state, setState] = useState<SandboxState>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stopped = false;
    let version: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const next = await api.state();
        setError(undefined);
        if (!stopped && next.version !== version) {
          version = next.version;
          setState(next);
        }
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return { state, error };
}
