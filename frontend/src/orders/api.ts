import { http } from '../api/http';
import type { Order, OrderStatus, Page, PlaceOrderBody } from '../api/types';

export const orderKeys = {
  all: ['orders'] as const,
  mine: (customerId: string) => ['orders', 'customer', customerId] as const,
  minePage: (customerId: string, page: number) => ['orders', 'customer', customerId, page] as const,
  one: (id: string) => ['orders', 'one', id] as const,
};

export const placeOrder = (body: PlaceOrderBody, idempotencyKey: string) =>
  http.post('orders', { json: body, headers: { 'Idempotency-Key': idempotencyKey } }).json<Order>();

export const getOrder = (id: string) => http.get(`orders/${encodeURIComponent(id)}`).json<Order>();

export const listCustomerOrders = (customerId: string, page: number, limit = 10) =>
  http.get(`orders/customer/${encodeURIComponent(customerId)}`, { searchParams: { page, limit } }).json<Page<Order>>();

export const changeOrderStatus = (id: string, status: OrderStatus) =>
  http.patch(`orders/${encodeURIComponent(id)}/status`, { json: { status } }).json<Order>();

export const cancelOrder = (id: string) => http.delete(`orders/${encodeURIComponent(id)}`).json<Order>();
