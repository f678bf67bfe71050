import type { Order, OrderStatus } from '../api/types';

/**
 * The later of two copies of an order. Events may arrive out of order or twice, and a REST answer may cross a push;
 * every status move adds one history entry, so the longer history is the later copy.
 */
export function newerOrder(current: Order | undefined, incoming: Order): Order {
  if (!current || current.id !== incoming.id) {
    return incoming;
  }
  if (incoming.history.length !== current.history.length) {
    return incoming.history.length > current.history.length ? incoming : current;
  }
  return Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt) ? incoming : current;
}

/** The moves an administrator may make from a status, as the API's status machine allows them. */
export function nextStatuses(status: OrderStatus): OrderStatus[] {
  switch (status) {
    case 'pending':
      return ['confirmed'];
    case 'confirmed':
      return ['shipped'];
    case 'shipped':
      return ['delivered'];
    default:
      return [];
  }
}

/** Pending and confirmed orders can still be cancelled (stock goes back). */
export const canCancel = (status: OrderStatus) => status === 'pending' || status === 'confirmed';
