import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Order, OrderStatus } from '../../api/types';
import { cancelOrder, changeOrderStatus, getOrder } from '../../orders/api';
import { OrderDetails } from '../../orders/OrderDetails';
import { canCancel, nextStatuses } from '../../orders/orderVersion';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatMoney, formatTime, shortId } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';
import { recentOrders, rememberOrder } from './recentOrders';

const verbs: Partial<Record<OrderStatus, string>> = { confirmed: 'Confirm', shipped: 'Ship', delivered: 'Mark delivered' };

function OrderRow({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  const move = useMutation({
    mutationFn: (status: OrderStatus) => changeOrderStatus(order.id, status),
    onSuccess: rememberOrder,
  });
  const cancel = useMutation({ mutationFn: () => cancelOrder(order.id), onSuccess: rememberOrder });
  const busy = move.isPending || cancel.isPending;
  return (
    <>
      <tr data-order={order.id}>
        <td>
          <button type="button" className="link" title={order.id} onClick={() => setOpen(!open)} aria-expanded={open}>
            {shortId(order.id)}
          </button>
        </td>
        <td title={order.customerId}>{shortId(order.customerId)}</td>
        <td>{formatTime(order.createdAt)}</td>
        <td>{order.items.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</td>
        <td className="num">{formatMoney(order.total)}</td>
        <td>
          <StatusBadge status={order.status} />
        </td>
        <td className="row-actions">
          {nextStatuses(order.status).map((s) => (
            <button key={s} type="button" className="small" disabled={busy} onClick={() => move.mutate(s)}>
              {verbs[s] ?? s}
            </button>
          ))}
          {canCancel(order.status) && (
            <button type="button" className="danger small" disabled={busy} onClick={() => cancel.mutate()}>
              Cancel
            </button>
          )}
        </td>
      </tr>
      {(move.error || cancel.error) && (
        <tr>
          <td colSpan={7}>
            <ErrorNote error={move.error ?? cancel.error} />
          </td>
        </tr>
      )}
      {open && (
        <tr>
          <td colSpan={7}>
            <OrderDetails order={order} />
          </td>
        </tr>
      )}
    </>
  );
}

function OpenById() {
  const [id, setId] = useState('');
  const lookup = useMutation({ mutationFn: (orderId: string) => getOrder(orderId), onSuccess: rememberOrder });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) lookup.mutate(id.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input aria-label="order id" placeholder="Order id (24 hex characters)" value={id} onChange={(e) => setId(e.target.value)} />
      <button type="submit" disabled={lookup.isPending}>
        Open order
      </button>
      <ErrorNote error={lookup.error} />
    </form>
  );
}

/**
 * The orders the console heard of while open (every order event reaches admins on /hubs/orders) and those opened by
 * id, with their status moves and cancellation. Searching all past orders is the order records' page.
 */
export function OrdersConsole() {
  const orders = recentOrders.use();
  return (
    <section>
      <header className="console-head">
        <h1>Orders</h1>
        <OpenById />
      </header>
      <p className="muted">
        Orders placed or changed while the console is open appear here live; open an older one by its id, or find it in the order records.
      </p>
      {orders.length === 0 ? (
        <p className="card muted">No orders yet in this session: they appear as customers place them.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Order</th>
              <th>Customer</th>
              <th>Placed</th>
              <th>Lines</th>
              <th className="num">Total</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <OrderRow key={o.id} order={o} />
            ))}
          </tbody>
        </table>
      )}
      {orders.length > 0 && (
        <button type="button" className="link" onClick={() => recentOrders.reset()}>
          Clear this list
        </button>
      )}
    </section>
  );
}
