import type { SandboxIndicator } from '../shared/sandbox-api.ts';
import { ago } from './slack-date.ts';

/** An indicator's expiry in the browser's time zone, and how far it is from the sandbox clock. */
export function expiryLabel(expirationTime: string | null, now: Date): { at: string; relative: string } {
  if (!expirationTime) return { at: 'never', relative: '' };
  const at = new Date(expirationTime);
  return {
    at: at.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
    relative: at.getTime() <= now.getTime() ? 'expired' : ago(at, now),
  };
}

/** "Defender holds": the indicators the Defender stand-in holds now, as a table. */
export function IndicatorsPanel({ indicators, now }: { indicators: readonly SandboxIndicator[]; now: string }) {
  const at = new Date(now);
  return (
    <section className="ub-indicators" data-testid="indicators">
      <header className="ub-indicators-header">
        <span className="ub-indicators-title">Defender holds</span>
        <span className="ub-count">{indicators.length}</span>
        <span className="ub-indicators-note">indicators in the tenant's Defender (the stand-in), as its API lists them</span>
      </header>
      {indicators.length === 0 ? (
        <div className="ub-empty">No indicators: nothing is allowed or blocked by an indicator right now.</div>
      ) : (
        <div className="ub-table-wrap">
          <table className="ub-table">
            <thead>
              <tr>
                <th>Value</th>
                <th>Type</th>
                <th>Action</th>
                <th>Expires</th>
                <th>Device groups</th>
                <th>Title</th>
                <th>Id</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => {
                const expiry = expiryLabel(i.expirationTime, at);
                return (
                  <tr key={i.id} data-testid="indicator-row">
                    <td className="ub-mono">{i.indicatorValue}</td>
                    <td>{i.indicatorType}</td>
                    <td>
                      <span className={`ub-pill ub-pill-${i.action.toLowerCase()}`}>{i.action}</span>
                    </td>
                    <td>
                      {expiry.at} <span className="ub-muted">{expiry.relative}</span>
                    </td>
                    <td>{i.rbacGroupNames && i.rbacGroupNames.length > 0 ? i.rbacGroupNames.join(', ') : <span className="ub-muted">all devices</span>}</td>
                    <td>{i.title ?? ''}</td>
                    <td className="ub-mono ub-muted">{i.id}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
