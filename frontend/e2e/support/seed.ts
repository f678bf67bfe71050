import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

// Data the tests set up or check through the API directly, as another user or system would.

export const runId = () => randomBytes(4).toString('hex');

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${inject('apiUrl')}/api/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} /api/${path} answered ${response.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Auth {
  token: string;
  customer: { id: string; email: string; name: string };
}

export const customerPassword = 'E2e-Customer-Passw0rd';

export async function adminToken(): Promise<string> {
  const { email, password } = inject('admin');
  return (await call<Auth>('POST', 'customers/login', undefined, { email, password })).token;
}

export async function registerCustomer(name = 'Test Customer'): Promise<Auth> {
  return call<Auth>('POST', 'customers/register', undefined, { name, email: `customer-${runId()}@e2e.example`, password: customerPassword });
}

export interface SeedProduct {
  id: string;
  name: string;
  stock: number;
  price: number;
}

export async function createProduct(product: { name: string; stock: number; price?: number; category?: string; description?: string }): Promise<SeedProduct> {
  return call<SeedProduct>('POST', 'products', await adminToken(), {
    price: 19.99,
    category: 'e2e',
    description: 'Made by a browser test.',
    ...product,
  });
}

export async function setStock(productId: string, stock: number) {
  await call('PUT', `products/${productId}`, await adminToken(), { stock });
}

export const address = { street: '1 Test Street', city: 'Springfield', state: 'IL', zipCode: '62701', country: 'USA' };

export async function placeOrder(customer: Auth, items: { productId: string; quantity: number }[]): Promise<{ id: string; status: string }> {
  return call('POST', 'orders', customer.token, { customerId: customer.customer.id, items, shippingAddress: address });
}

export async function changeStatus(orderId: string, status: string) {
  await call('PATCH', `orders/${orderId}/status`, await adminToken(), { status });
}

export async function ordersOf(customer: Auth): Promise<{ total: number; items: { id: string; status: string }[] }> {
  return call('GET', `orders/customer/${customer.customer.id}?limit=100`, customer.token);
}

export async function getProduct(id: string): Promise<SeedProduct> {
  return call<SeedProduct>('GET', `products/${id}`, undefined);
}
