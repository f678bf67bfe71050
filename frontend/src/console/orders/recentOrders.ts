import { StoredValue } from '../../app/store';
import type { Order } from '../../api/types';
import { newerOrder } from '../../orders/orderVersion';

export const recentLimit = 50;

/**
 * The orders the console heard of (live from /hubs/orders, or opened by id), newest placed first. There is no
 * route listing all orders besides the order records; this list covers what happened while the console was open.
 */
export function withOrder(list: readonly Order[], order: Order, limit = recentLimit): Order[] {
  const existing = list.find((o) => o.id === order.id);
  const merged = newerOrder(existing, order);
  const others = list.filter((o) => o.id !== order.id);
  return [merged, ...others].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, limit);
}

const isOrderList = (raw: unknown): raw is Order[] => Array.isArray(raw);

// Kept for the browser tab (sessionStorage): a reload keeps the list, another tab starts its own.
export const recentOrders = new StoredValue<Order[]>('ecommerce.console.recentOrders', [], isOrderList, () => sessionStorage);

export function rememberOrder(order: Order) {
  recentOrders.set(withOrder(recentOrders.get(), order));
}
