import { useState } from 'react';
import { api } from './api-client.ts';
import { aheadLabel, clockLabel, durationProblem } from './view-model.ts';

/** The one-click jumps, as ISO-8601 durations. */
const JUMPS: ReadonlyArray<{ label: string; advance: string }> = [
  { label: '+1 hour', advance: 'PT1H' },
  { label: '+1 day', advance: 'P1D' },
  { label: '+7 days', advance: 'P7D' },
];

/** The sandbox clock (in the browser's time zone), how far ahead it runs, and buttons to move it on. */
export function ClockControl({ now, offsetMs }: { now: string; offsetMs: number }) {
  const [free, setFree] = useState('');
  const [problem, setProblem] = useState<string>();
  const advance = async (duration: string): Promise<void> => {
    const refused = durationProblem(duration);
    setProblem(refused);
    if (refused) return;
    try {
      const result = await api.clock({ advance: duration });
      if (!result.ok) setProblem(result.error ?? 'refused');
      else setFree('');
    } catch (e) {
      setProblem(String(e));
    }
  };
  return (
    <div className="ub-clock" data-testid="clock">
      <div className="ub-clock-now">
        <span className="ub-clock-label">Sandbox time</span>
        <time data-testid="clock-now" dateTime={now}>
          {clockLabel(now, offsetMs)}
        </time>
        <span className={`ub-ahead${offsetMs >= 60_000 ? ' ub-ahead-on' : ''}`} data-testid="clock-ahead">
          {aheadLabel(offsetMs)}
        </span>
      </div>
      <div className="ub-clock-buttons">
        {JUMPS.map((j) => (
          <button key={j.advance} type="button" className="ub-chip" data-testid={`clock-${j.advance}`} onClick={() => void advance(j.advance)}>
            {j.label}
          </button>
        ))}
        <form
          className="ub-clock-free"
          onSubmit={(e) => {
            e.preventDefault();
            if (free.trim()) void advance(free.trim());
          }}
        >
          <input value={free} onChange={(e) => setFree(e.target.value)} placeholder="PT36H" aria-label="Advance by an ISO-8601 duration" data-testid="clock-free" />
          <button type="submit" className="ub-chip" data-testid="clock-free-go">
            Advance
          </button>
        </form>
      </div>
      {problem && (
        <span className="ub-problem ub-clock-problem" role="alert" data-testid="clock-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
