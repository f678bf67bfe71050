import { StoredValue } from '../app/store';
import type { Product } from '../api/types';

export interface CartLine {
  productId: string;
  name: string;
  /** The price when added; the order takes the product's price at placement. */
  price: number;
  quantity: number;
}

export interface Cart {
  lines: CartLine[];
}

/** The API's bound on a product's quantity in one order. */
export const maxQuantity = 1000;

const clamp = (quantity: number) => Math.max(1, Math.min(maxQuantity, Math.floor(quantity)));

export function addToCart(cart: Cart, product: Pick<Product, 'id' | 'name' | 'price'>, quantity: number): Cart {
  const existing = cart.lines.find((l) => l.productId === product.id);
  if (existing) {
    return setQuantity(cart, product.id, existing.quantity + quantity);
  }
  return { lines: [...cart.lines, { productId: product.id, name: product.name, price: product.price, quantity: clamp(quantity) }] };
}

export function setQuantity(cart: Cart, productId: string, quantity: number): Cart {
  if (!Number.isFinite(quantity) || quantity < 1) {
    return removeFromCart(cart, productId);
  }
  return { lines: cart.lines.map((l) => (l.productId === productId ? { ...l, quantity: clamp(quantity) } : l)) };
}

export function removeFromCart(cart: Cart, productId: string): Cart {
  return { lines: cart.lines.filter((l) => l.productId !== productId) };
}

export const itemCount = (cart: Cart) => cart.lines.reduce((sum, l) => sum + l.quantity, 0);

/** In cents, so that 0.1 + 0.2 stays 30 cents. */
export const totalCents = (cart: Cart) => cart.lines.reduce((sum, l) => sum + Math.round(l.price * 100) * l.quantity, 0);

const isCart = (raw: unknown): raw is Cart => typeof raw === 'object' && raw !== null && Array.isArray((raw as Cart).lines);

/** The cart lives in the browser (localStorage), so it outlasts a reload and is shared by the tabs. */
export const cartStore = new StoredValue<Cart>('ecommerce.cart', { lines: [] }, isCart);

export const useCart = () => cartStore.use();

export const updateCart = (change: (cart: Cart) => Cart) => cartStore.set(change(cartStore.get()));
