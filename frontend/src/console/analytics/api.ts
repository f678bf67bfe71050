import { http } from '../../api/http';
import type { AnalyticsSummary, SalesInterval, SalesResponse, TopProductsBy, TopProductsResponse } from '../../api/types';

export const analyticsKeys = {
  all: ['analytics'] as const,
  summary: ['analytics', 'summary'] as const,
  sales: (interval: SalesInterval) => ['analytics', 'sales', interval] as const,
  top: (by: TopProductsBy) => ['analytics', 'top', by] as const,
};

export const getSummary = () => http.get('analytics/summary').json<AnalyticsSummary>();

export const getSales = (interval: SalesInterval) => http.get('analytics/sales', { searchParams: { interval } }).json<SalesResponse>();

export const getTopProducts = (by: TopProductsBy, limit = 5) =>
  http.get('analytics/top-products', { searchParams: { by, limit } }).json<TopProductsResponse>();
