import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listAlerts, notificationKeys } from '../../notifications/api';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatTime } from '../../ui/format';
import { Pager } from '../../ui/Pager';

/** The administrators' inbox: low-stock alerts. New ones arrive live (LiveSync refreshes this list and shows a toast). */
export function AlertsConsole() {
  const [page, setPage] = useState(1);
  const { data, error } = useQuery({
    queryKey: [...notificationKeys.alerts, page],
    queryFn: () => listAlerts(page),
    placeholderData: keepPreviousData,
  });
  return (
    <section>
      <header className="console-head">
        <h1>Alerts</h1>
        {data && <span className="muted">{data.total} in the administrators' inbox</span>}
      </header>
      <ErrorNote error={error} />
      {data?.items.length === 0 && <p className="card muted">No alerts yet. A product whose stock falls below the threshold raises one.</p>}
      <ul className="alert-list">
        {data?.items.map((a) => (
          <li key={a.id} className="card alert-item" data-alert={a.subject}>
            <span className="badge warning">{a.type === 'product.stock_low' ? 'low stock' : a.type}</span>
            <div>
              <strong>{a.title}</strong>
              <p>{a.message}</p>
            </div>
            <div className="alert-meta">
              <small className="muted">{formatTime(a.createdAt)}</small>
              {a.type === 'product.stock_low' && <Link to={`/products/${a.subject}`}>View product</Link>}
            </div>
          </li>
        ))}
      </ul>
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />}
    </section>
  );
}
