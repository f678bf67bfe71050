import { describe, expect, it } from 'vitest';
import type { AnalyticsSummary } from '../../api/types';
import { laterSummary } from './summaryVersion';

const summary = (version: number, totalOrders: number): AnalyticsSummary => ({
  version,
  asOf: '2026-01-01T00:00:00Z',
  totalOrders,
  revenue: 0,
  averageOrderValue: 0,
  ordersByStatus: {},
  cancelledOrders: 0,
  cancellationRate: 0,
  registrations: 0,
  lowStockProducts: [],
});

describe('laterSummary', () => {
  it('keeps the summary with the highest version, whatever the order of arrival', () => {
    const v3 = summary(3, 10);
    const v5 = summary(5, 12);
    expect(laterSummary(undefined, v3)).toBe(v3);
    expect(laterSummary(v3, v5)).toBe(v5);
    expect(laterSummary(v5, v3)).toBe(v5);
    expect(laterSummary(v5, summary(5, 12))).toBe(v5);
  });
});
