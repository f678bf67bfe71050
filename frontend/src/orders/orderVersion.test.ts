import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../api/types';
import { order } from '../test/orders';
import { canCancel, newerOrder, nextStatuses } from './orderVersion';

describe('newerOrder', () => {
  it('keeps the copy with the longer history, whichever arrives last', () => {
    const placed = order('o1', ['pending']);
    const shipped = order('o1', ['pending', 'confirmed', 'shipped']);
    expect(newerOrder(placed, shipped)).toBe(shipped);
    expect(newerOrder(shipped, placed)).toBe(shipped);
  });

  it('takes the later update when the histories are as long, and any copy when there was none', () => {
    const a = order('o1', ['pending']);
    const b = { ...a, updatedAt: '2026-01-01T11:00:00Z' };
    expect(newerOrder(a, b)).toBe(b);
    expect(newerOrder(b, a)).toBe(b);
    expect(newerOrder(undefined, a)).toBe(a);
  });
});

describe('status moves', () => {
  it('follow pending → confirmed → shipped → delivered; cancelling only while pending or confirmed', () => {
    expect(nextStatuses('pending')).toEqual(['confirmed']);
    expect(nextStatuses('confirmed')).toEqual(['shipped']);
    expect(nextStatuses('shipped')).toEqual(['delivered']);
    expect(nextStatuses('delivered')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'].filter((s) => canCancel(s as OrderStatus))).toEqual(['pending', 'confirmed']);
  });
});
