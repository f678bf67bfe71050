import { describe, expect, it } from 'vitest';
import { order } from '../../test/orders';
import { withOrder } from './recentOrders';

describe("the console's recent orders", () => {
  it('lists orders newest placed first, once each', () => {
    let list = withOrder([], order('old', ['pending'], '2026-01-01T09:00:00Z'));
    list = withOrder(list, order('new', ['pending'], '2026-01-01T12:00:00Z'));
    list = withOrder(list, order('old', ['pending', 'confirmed'], '2026-01-01T09:00:00Z'));
    expect(list.map((o) => [o.id, o.status])).toEqual([
      ['new', 'pending'],
      ['old', 'confirmed'],
    ]);
  });

  it('keeps the later status when an older event arrives after a newer one', () => {
    const list = withOrder(withOrder([], order('o1', ['pending', 'confirmed', 'shipped'])), order('o1', ['pending']));
    expect(list).toHaveLength(1);
    expect(list[0]!.status).toBe('shipped');
  });

  it('keeps at most its limit, dropping the oldest', () => {
    let list = withOrder([], order('a', ['pending'], '2026-01-01T01:00:00Z'), 2);
    list = withOrder(list, order('b', ['pending'], '2026-01-01T02:00:00Z'), 2);
    list = withOrder(list, order('c', ['pending'], '2026-01-01T03:00:00Z'), 2);
    expect(list.map((o) => o.id)).toEqual(['c', 'b']);
  });
});
