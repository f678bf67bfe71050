import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SalesBucket, SalesInterval } from '../../api/types';
import { formatMoney } from '../../ui/format';

const label = (interval: SalesInterval) => (start: string) => {
  const d = new Date(start);
  return interval === 'hour'
    ? d.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
};

/** Orders (left axis) and revenue (right axis) per bucket, side by side. */
export function SalesChart({ buckets, interval }: { buckets: SalesBucket[]; interval: SalesInterval }) {
  const data = buckets.map((b) => ({ ...b, label: label(interval)(b.start) }));
  return (
    <div className="chart" data-testid="sales-chart">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} barGap={2} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis yAxisId="orders" allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
          <YAxis yAxisId="revenue" orientation="right" tick={{ fontSize: 12 }} width={70} tickFormatter={(v: number) => `$${v}`} />
          <Tooltip formatter={(value, name) => (name === 'Revenue' ? formatMoney(Number(value)) : value)} />
          <Legend />
          <Bar yAxisId="orders" dataKey="orders" name="Orders" fill="#2453a6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar yAxisId="revenue" dataKey="revenue" name="Revenue" fill="#e9a15c" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
