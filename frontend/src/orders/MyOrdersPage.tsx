import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Order } from '../api/types';
import { useSession } from '../auth/session';
import { useHubs, useLiveState } from '../live/LiveProvider';
import { applyOrder } from '../live/LiveSync';
import { LiveBadge } from '../live/LiveBadge';
import { ErrorNote } from '../ui/ErrorNote';
import { formatMoney, formatTime, shortId } from '../ui/format';
import { Pager } from '../ui/Pager';
import { StatusBadge } from '../ui/StatusBadge';
import { cancelOrder, listCustomerOrders, orderKeys } from './api';
import { OrderDetails } from './OrderDetails';
import { canCancel } from './orderVersion';

function OrderCard({ order }: { order: Order }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelOrder(order.id),
    onSuccess: (updated) => applyOrder(queryClient, updated),
  });
  return (
    <li className="card order-card" data-order={order.id}>
      <div className="order-head">
        <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open}>
          Order {shortId(order.id)}
        </button>
        <span className="muted">{formatTime(order.createdAt)}</span>
        <span>{order.items.reduce((n, l) => n + l.quantity, 0)} items</span>
        <span className="price">{formatMoney(order.total)}</span>
        <StatusBadge status={order.status} />
        {canCancel(order.status) && (
          <button type="button" className="danger small" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            Cancel
          </button>
        )}
      </div>
      <ErrorNote error={cancel.error} />
      {open && <OrderDetails order={order} />}
    </li>
  );
}

export function MyOrdersPage() {
  const session = useSession();
  const customerId = session?.customer.id ?? '';
  const [page, setPage] = useState(1);
  const live = useLiveState(useHubs()?.orders);
  const { data, error, isPending } = useQuery({
    queryKey: orderKeys.minePage(customerId, page),
    queryFn: () => listCustomerOrders(customerId, page),
    enabled: customerId !== '',
    placeholderData: keepPreviousData,
  });

  return (
    <section className="page">
      <h1>
        My orders <LiveBadge state={live} />
      </h1>
      <p className="muted">Status changes appear here as they happen.</p>
      <ErrorNote error={error} />
      {isPending && <p className="muted">Loading your orders…</p>}
      {data && data.items.length === 0 && <p className="muted">You have not ordered anything yet.</p>}
      {data && (
        <ul className="order-list">
          {data.items.map((o) => (
            <OrderCard key={o.id} order={o} />
          ))}
        </ul>
      )}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />}
    </section>
  );
}
