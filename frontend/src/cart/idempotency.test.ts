import { describe, expect, it } from 'vitest';
import type { PlaceOrderBody } from '../api/types';
import { keyFor, newKey } from './idempotency';

const body = (quantity = 1, city = 'Springfield'): PlaceOrderBody => ({
  customerId: 'c1',
  items: [
    { productId: 'p2', quantity: 2 },
    { productId: 'p1', quantity },
  ],
  shippingAddress: { street: '1 Main St', city, state: 'IL', zipCode: '62701', country: 'USA' },
});

let counter = 0;
const keys = () => `key-${++counter}`;

describe('the checkout key', () => {
  it('stays the same for the same request, so a second click or a retry names the same order', () => {
    const first = keyFor(null, body(), keys);
    const reordered = { ...body(), items: [...body().items].reverse() };
    expect(keyFor(first, body(), keys).key).toBe(first.key);
    expect(keyFor(first, reordered, keys).key).toBe(first.key);
    expect(keyFor(first, body(1, ' Springfield '), keys).key).toBe(first.key);
  });

  it('changes when the request changes, since the API refuses a key reused for another body', () => {
    const first = keyFor(null, body(), keys);
    expect(keyFor(first, body(3), keys).key).not.toBe(first.key);
    expect(keyFor(first, body(1, 'Chicago'), keys).key).not.toBe(first.key);
  });

  it('is random, visible ASCII and short enough for the header', () => {
    const a = newKey();
    expect(a).toMatch(/^checkout-[0-9a-f]{32}$/);
    expect(newKey()).not.toBe(a);
  });
});
