import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { orderStatuses, type AnalyticsSummary, type SalesInterval, type TopProductsBy } from '../../api/types';
import { useLiveState } from '../../live/LiveProvider';
import { LiveBadge } from '../../live/LiveBadge';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatMoney, formatPercent, formatTime } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';
import { analyticsKeys, getSales, getSummary, getTopProducts } from './api';
import { SalesChart } from './SalesChart';
import { laterSummary } from './summaryVersion';
import { useAnalyticsHub } from './useAnalyticsHub';

function Metric({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div className="metric card" data-metric={name}>
      <span className="muted">{label}</span>
      <strong className="metric-value">{value}</strong>
    </div>
  );
}

function Summary({ summary }: { summary: AnalyticsSummary }) {
  return (
    <>
      <div className="metrics">
        <Metric name="totalOrders" label="Orders" value={String(summary.totalOrders)} />
        <Metric name="revenue" label="Revenue" value={formatMoney(summary.revenue)} />
        <Metric name="averageOrderValue" label="Average order" value={formatMoney(summary.averageOrderValue)} />
        <Metric name="cancellationRate" label="Cancelled" value={`${summary.cancelledOrders} (${formatPercent(summary.cancellationRate)})`} />
        <Metric name="registrations" label="Registrations" value={String(summary.registrations)} />
        <Metric name="lowStock" label="Low stock" value={String(summary.lowStockProducts.length)} />
      </div>
      <div className="status-counts">
        {orderStatuses.map((s) => (
          <span key={s} data-status-count={s}>
            <StatusBadge status={s} /> {summary.ordersByStatus[s] ?? 0}
          </span>
        ))}
      </div>
    </>
  );
}

function Toggle<T extends string>({ value, options, onChange, label }: { value: T; options: readonly T[]; onChange: (v: T) => void; label: string }) {
  return (
    <div className="toggle" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o} type="button" className={o === value ? 'active' : ''} aria-pressed={o === value} onClick={() => onChange(o)}>
          {o}
        </button>
      ))}
    </div>
  );
}

export function AnalyticsConsole() {
  const queryClient = useQueryClient();
  const hub = useAnalyticsHub();
  const live = useLiveState(hub);
  const [interval, setSalesInterval] = useState<SalesInterval>('hour');
  const [by, setBy] = useState<TopProductsBy>('revenue');
  const summary = useQuery({
    queryKey: analyticsKeys.summary,
    // A REST answer older than a pushed summary does not replace it.
    queryFn: async () => laterSummary(queryClient.getQueryData(analyticsKeys.summary), await getSummary()),
  });
  const sales = useQuery({ queryKey: analyticsKeys.sales(interval), queryFn: () => getSales(interval) });
  const top = useQuery({ queryKey: analyticsKeys.top(by), queryFn: () => getTopProducts(by) });

  return (
    <section>
      <header className="console-head">
        <h1>Analytics</h1>
        <LiveBadge state={live} />
        {summary.data && (
          <span className="muted" data-testid="summary-version">
            as of {formatTime(summary.data.asOf)} · version {summary.data.version}
          </span>
        )}
      </header>
      <ErrorNote error={summary.error} />
      {summary.data && <Summary summary={summary.data} />}

      <div className="panel card">
        <div className="panel-head">
          <h2>Sales per {interval}</h2>
          <Toggle label="interval" value={interval} options={['hour', 'day'] as const} onChange={setSalesInterval} />
        </div>
        <ErrorNote error={sales.error} />
        {sales.data && <SalesChart buckets={sales.data.buckets} interval={interval} />}
      </div>

      <div className="grid-2">
        <div className="panel card">
          <div className="panel-head">
            <h2>Top products</h2>
            <Toggle label="rank by" value={by} options={['revenue', 'units'] as const} onChange={setBy} />
          </div>
          <ErrorNote error={top.error} />
          {top.data?.items.length === 0 && <p className="muted">No sales yet.</p>}
          <ol className="top-products">
            {top.data?.items.map((p) => (
              <li key={p.productId} data-top-product={p.name}>
                <span>{p.name}</span>
                <span className="muted">{p.units} sold</span>
                <strong>{formatMoney(p.revenue)}</strong>
              </li>
            ))}
          </ol>
        </div>
        <div className="panel card">
          <h2>Low stock</h2>
          {summary.data?.lowStockProducts.length === 0 && <p className="muted">Every product is above its threshold.</p>}
          <ul className="low-stock">
            {summary.data?.lowStockProducts.map((p) => (
              <li key={p.productId}>
                <span>{p.name}</span>
                <span className="stock low">
                  {p.stock} left (threshold {p.threshold})
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
