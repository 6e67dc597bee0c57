import { useState } from 'react';
import type { SandboxIndicator } from '../shared/sandbox-api.ts';

/** Below this window height the panel starts collapsed: open, it would leave the channel too little room. */
const TALL_ENOUGH_PX = 800;

/**
 * "in 3 days", "in 5 hours", "2 minutes ago": rounded to the nearest unit, so an allow of 3 days made a
 * moment ago reads "in 3 days", not "in 2 days" (2 days, 23 hours and 59 minutes floored).
 */
export function roughly(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const minutes = Math.round(abs / 60);
  const hours = Math.round(abs / 3600);
  const [value, unit] = abs < 60 ? [abs, 'second'] : minutes < 60 ? [minutes, 'minute'] : hours < 24 ? [hours, 'hour'] : [Math.round(abs / 86_400), 'day'];
  const amount = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return seconds < 0 ? `${amount} ago` : `in ${amount}`;
}

/** An indicator's expiry in the browser's time zone, and how far it is from the sandbox clock. */
export function expiryLabel(expirationTime: string | null, now: Date): { at: string; relative: string } {
  if (!expirationTime) return { at: 'never', relative: '' };
  const at = new Date(expirationTime);
  return {
    at: at.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
    relative: at.getTime() <= now.getTime() ? 'expired' : roughly(at, now),
  };
}

/** The collapsed panel's one line: what Defender holds, the first indicator named. */
export function indicatorsSummary(indicators: readonly SandboxIndicator[], now: Date): string {
  const first = indicators[0];
  if (!first) return 'nothing is allowed or blocked by an indicator right now';
  const expiry = expiryLabel(first.expirationTime, now);
  const more = indicators.length > 1 ? ` and ${indicators.length - 1} more` : '';
  return `${first.indicatorValue} (${first.action}${expiry.relative ? `, ${expiry.relative === 'expired' ? 'expired' : `expires ${expiry.relative}`}` : ''})${more}`;
}

/**
 * "Defender holds": the indicators the Defender stand-in holds now, as a table. Collapsible to one
 * line; it starts collapsed when empty or when the window is short, until the viewer opens it.
 */
export function IndicatorsPanel({ indicators, now }: { indicators: readonly SandboxIndicator[]; now: string }) {
  const at = new Date(now);
  const [chosen, setChosen] = useState<boolean>();
  const tall = typeof window === 'undefined' || window.innerHeight >= TALL_ENOUGH_PX;
  const open = chosen ?? (indicators.length > 0 && tall);
  return (
    <section className={`ub-indicators${open ? '' : ' ub-collapsed'}`} data-testid="indicators">
      <button type="button" className="ub-indicators-header" aria-expanded={open} data-testid="indicators-toggle" onClick={() => setChosen(!open)}>
        <span className="ub-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="ub-indicators-title">Defender holds</span>
        <span className="ub-count">{indicators.length}</span>
        <span className="ub-indicators-note">{open ? "indicators in the tenant's Defender (the stand-in), as its API lists them" : indicatorsSummary(indicators, at)}</span>
      </button>
      {!open ? null : indicators.length === 0 ? (
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
