import { http } from '../api/http';
import type { Page, Product, ProductInput } from '../api/types';

export const pageSize = 12;

export const catalogKeys = {
  all: ['products'] as const,
  list: (category: string | undefined, page: number, limit = pageSize) => ['products', 'list', category ?? '', page, limit] as const,
  search: (q: string, page: number, limit = pageSize) => ['products', 'search', q, page, limit] as const,
  one: (id: string) => ['products', 'one', id] as const,
};

export const listProducts = (category: string | undefined, page: number, limit = pageSize) =>
  http.get('products', { searchParams: { page, limit, ...(category ? { category } : {}) } }).json<Page<Product>>();

export const searchProducts = (q: string, page: number, limit = pageSize) =>
  http.get('products/search', { searchParams: { q, page, limit } }).json<Page<Product>>();

export const getProduct = (id: string) => http.get(`products/${encodeURIComponent(id)}`).json<Product>();

export const createProduct = (input: ProductInput) => http.post('products', { json: input }).json<Product>();

export const updateProduct = (id: string, changes: Partial<ProductInput>) =>
  http.put(`products/${encodeURIComponent(id)}`, { json: changes }).json<Product>();

export const deleteProduct = (id: string) => http.delete(`products/${encodeURIComponent(id)}`);
