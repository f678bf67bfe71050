import type { LiveState } from './LiveHub';

const labels: Record<LiveState, string> = {
  live: 'live',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

/** Whether pushed updates are arriving. */
export function LiveBadge({ state }: { state: LiveState }) {
  return (
    <span className={`live-badge live-${state}`} data-live={state} title="Updates are pushed while this says live">
      <span className="dot" /> {labels[state]}
    </span>
  );
}
