import { NavLink, Outlet } from 'react-router';
import { useHubs, useLiveState } from '../live/LiveProvider';
import { LiveBadge } from '../live/LiveBadge';

const sections = [
  { to: '/admin', label: 'Analytics', end: true },
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/alerts', label: 'Alerts' },
  { to: '/admin/records', label: 'Order records' },
];

export function ConsoleLayout() {
  const live = useLiveState(useHubs()?.orders);
  return (
    <div className="console">
      <aside className="console-nav">
        <h2>Console</h2>
        <nav>
          {sections.map((s) => (
            <NavLink key={s.to} to={s.to} end={s.end}>
              {s.label}
            </NavLink>
          ))}
        </nav>
        <LiveBadge state={live} />
      </aside>
      <div className="console-main">
        <Outlet />
      </div>
    </div>
  );
}
