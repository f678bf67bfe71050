import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../api/types';
import { placeOrder } from '../orders/api';
import { apiError as problem } from '../test/problems';
import { renderPage } from '../test/render';
import { cartStore } from './cart';
import { CheckoutForm } from './CheckoutForm';

vi.mock('../orders/api', async (original) => ({ ...(await original<typeof import('../orders/api')>()), placeOrder: vi.fn() }));

const place = vi.mocked(placeOrder);

async function fillAddress() {
  const user = userEvent.setup();
  for (const [label, value] of [['Street', '1 Main St'], ['City', 'Springfield'], ['State', 'IL'], ['ZIP code', '62701'], ['Country', 'USA']]) {
    await user.type(screen.getByLabelText(label!), value!);
  }
}

beforeEach(() => {
  cartStore.set({ lines: [{ productId: 'p1', name: 'Rare vase', price: 120, quantity: 3 }] });
});

describe('CheckoutForm', () => {
  it('sends one Idempotency-Key for a double click, so the API makes one order', async () => {
    place.mockResolvedValue({ id: 'o1' } as Order);
    renderPage(<CheckoutForm cart={cartStore.get()} customerId="c1" />);
    await fillAddress();

    const button = screen.getByRole('button', { name: 'Place order' });
    fireEvent.click(button);
    fireEvent.click(button);
    await screen.findByText('My orders page');

    expect(place.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(place.mock.calls.map((call) => call[1])).size).toBe(1);
    expect(place.mock.calls[0]![0]).toEqual({
      customerId: 'c1',
      items: [{ productId: 'p1', quantity: 3 }],
      shippingAddress: { street: '1 Main St', city: 'Springfield', state: 'IL', zipCode: '62701', country: 'USA' },
    });
    expect(cartStore.get().lines).toEqual([]);
  });

  it('sends the same key again when the first try got no answer, and a new key for a changed order', async () => {
    place.mockRejectedValue(new TypeError('Failed to fetch'));
    renderPage(<CheckoutForm cart={cartStore.get()} customerId="c1" />);
    await fillAddress();

    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText(/cannot be reached/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(place).toHaveBeenCalledTimes(2));
    expect(place.mock.calls[1]![1]).toBe(place.mock.calls[0]![1]);

    await userEvent.setup().type(screen.getByLabelText('Street'), ' Apt 2');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(place).toHaveBeenCalledTimes(3));
    expect(place.mock.calls[2]![1]).not.toBe(place.mock.calls[0]![1]);
  });

  it('shows each field error beside its field', async () => {
    place.mockRejectedValue(problem(400, { errors: { 'shippingAddress.city': ['The city field is required.'], 'items[0].quantity': ['Too many.'] } }));
    renderPage(<CheckoutForm cart={cartStore.get()} customerId="c1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));

    const cityError = await screen.findByText('The city field is required.');
    expect(screen.getByLabelText(/City/)).toBe(cityError.closest('label')?.querySelector('input'));
    expect(screen.getByText('Rare vase: Too many.')).toBeInTheDocument();
  });

  it('names the product of a stock conflict and offers what is left', async () => {
    place.mockRejectedValue(problem(409, { title: "Not enough stock of product 'p1'", productId: 'p1', requested: 3, available: 1 }));
    renderPage(<CheckoutForm cart={cartStore.get()} customerId="c1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));

    expect(await screen.findByText('Not enough stock of Rare vase: 3 wanted, only 1 available.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Take the 1 available of Rare vase' }));
    await waitFor(() => expect(cartStore.get().lines[0]!.quantity).toBe(1));
  });
});
