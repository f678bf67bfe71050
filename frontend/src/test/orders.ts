import type { Order, OrderStatus } from '../api/types';

/** An order that went through the given statuses, one history entry each. */
export function order(id: string, statuses: OrderStatus[], createdAt = '2026-01-01T10:00:00Z'): Order {
  return {
    id,
    customerId: 'c1',
    items: [{ productId: 'p1', name: 'Mug', unitPrice: 5, quantity: 1, lineTotal: 5 }],
    shippingAddress: { street: 's', city: 'c', state: 'st', zipCode: 'z', country: 'u' },
    status: statuses[statuses.length - 1]!,
    total: 5,
    createdAt,
    updatedAt: `2026-01-01T10:0${statuses.length}:00Z`,
    history: statuses.map((status, i) => ({ status, at: `2026-01-01T10:0${i + 1}:00Z`, actor: 'a' })),
  };
}
