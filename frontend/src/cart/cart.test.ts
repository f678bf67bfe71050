import { describe, expect, it } from 'vitest';
import { addToCart, itemCount, maxQuantity, removeFromCart, setQuantity, totalCents, type Cart } from './cart';

const empty: Cart = { lines: [] };
const mug = { id: 'p1', name: 'Mug', price: 0.1 };
const pen = { id: 'p2', name: 'Pen', price: 0.2 };

describe('cart', () => {
  it('adds a product once and adds quantities up when added again', () => {
    const cart = addToCart(addToCart(empty, mug, 2), mug, 3);
    expect(cart.lines).toEqual([{ productId: 'p1', name: 'Mug', price: 0.1, quantity: 5 }]);
  });

  it("keeps a line's quantity within what the API takes", () => {
    expect(addToCart(empty, mug, 5000).lines[0]!.quantity).toBe(maxQuantity);
    expect(setQuantity(addToCart(empty, mug, 1), 'p1', 2.7).lines[0]!.quantity).toBe(2);
  });

  it('removes a line set to zero or removed', () => {
    const cart = addToCart(addToCart(empty, mug, 1), pen, 1);
    expect(setQuantity(cart, 'p1', 0).lines.map((l) => l.productId)).toEqual(['p2']);
    expect(removeFromCart(cart, 'p2').lines.map((l) => l.productId)).toEqual(['p1']);
  });

  it('totals in whole cents, without floating-point drift', () => {
    const cart = addToCart(addToCart(empty, mug, 1), pen, 1);
    expect(totalCents(cart)).toBe(30);
    expect(totalCents(addToCart(empty, { id: 'p3', name: 'Lamp', price: 19.99 }, 3))).toBe(5997);
    expect(itemCount(cart)).toBe(2);
  });
});
