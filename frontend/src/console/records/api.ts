import { http } from '../../api/http';
import type { Order, OrderRecordsQuery, Page } from '../../api/types';

/** Only the filters given are sent. */
function params(query: Partial<OrderRecordsQuery>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && String(v).trim() !== '')
      .map(([k, v]) => [k, String(v).trim()]),
  );
}

export const searchOrderRecords = (query: OrderRecordsQuery) =>
  http.get('admin/orders', { searchParams: params(query) }).json<Page<Order>>();

export const exportOrderRecords = (from?: string, to?: string) => http.get('admin/orders/export', { searchParams: params({ from, to }) }).blob();
