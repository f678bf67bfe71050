import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { fieldErrors, failureOf } from '../api/problems';
import type { Order, PlaceOrderBody, ShippingAddress } from '../api/types';
import { orderKeys, placeOrder } from '../orders/api';
import { ErrorNote } from '../ui/ErrorNote';
import { FieldError, OtherFieldErrors } from '../ui/FieldError';
import { showToast } from '../ui/toasts';
import { cartStore, setQuantity, updateCart, type Cart } from './cart';
import { keyFor, loadPending, savePending } from './idempotency';

const addressFields: { name: keyof ShippingAddress; label: string; autoComplete: string }[] = [
  { name: 'street', label: 'Street', autoComplete: 'address-line1' },
  { name: 'city', label: 'City', autoComplete: 'address-level2' },
  { name: 'state', label: 'State', autoComplete: 'address-level1' },
  { name: 'zipCode', label: 'ZIP code', autoComplete: 'postal-code' },
  { name: 'country', label: 'Country', autoComplete: 'country-name' },
];

const emptyAddress: ShippingAddress = { street: '', city: '', state: '', zipCode: '', country: '' };

export function CheckoutForm({ cart, customerId }: { cart: Cart; customerId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [address, setAddress] = useState<ShippingAddress>(emptyAddress);
  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: PlaceOrderBody; key: string }) => placeOrder(body, key),
    onSuccess: (order: Order) => {
      savePending(null);
      cartStore.reset();
      void queryClient.invalidateQueries({ queryKey: orderKeys.mine(customerId) });
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      showToast({ title: 'Order placed', message: `Order #${order.id.slice(-6)} is pending.`, tone: 'success' });
      void navigate('/orders');
    },
  });

  const errors = fieldErrors(mutation.error);
  const failure = mutation.error ? failureOf(mutation.error) : null;
  const conflict =
    failure?.kind === 'http' && failure.status === 409 && typeof failure.problem.productId === 'string' && typeof failure.problem.available === 'number'
      ? { productId: failure.problem.productId, available: failure.problem.available }
      : null;
  const nameOf = (id: string) => cart.lines.find((l) => l.productId === id)?.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) {
      return;
    }
    const body: PlaceOrderBody = {
      customerId,
      items: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      shippingAddress: address,
    };
    // Stored before sending: a second click, or a retry after a lost answer, finds the same key.
    const pending = keyFor(loadPending(), body);
    savePending(pending);
    mutation.mutate({ body, key: pending.key });
  };

  const lineErrors = cart.lines.flatMap((line, i) =>
    [`items[${i}].quantity`, `items[${i}].productId`, `items[${i}]`].flatMap((k) => (errors[k] ?? []).map((m) => `${line.name}: ${m}`)),
  );
  const shown = [...addressFields.map((f) => `shippingAddress.${f.name}`), 'shippingAddress', ...cart.lines.flatMap((_, i) => [`items[${i}].quantity`, `items[${i}].productId`, `items[${i}]`])];

  return (
    <form className="form card checkout" onSubmit={submit} noValidate>
      <h2>Shipping address</h2>
      <div className="grid-2">
        {addressFields.map((f) => (
          <label key={f.name}>
            {f.label}
            <input
              name={f.name}
              autoComplete={f.autoComplete}
              value={address[f.name]}
              onChange={(e) => setAddress({ ...address, [f.name]: e.target.value })}
            />
            <FieldError errors={errors} name={`shippingAddress.${f.name}`} />
          </label>
        ))}
      </div>
      <FieldError errors={errors} name="shippingAddress" />
      {lineErrors.length > 0 && (
        <ul className="field-error" role="alert">
          {lineErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <OtherFieldErrors errors={errors} shown={shown} />
      <ErrorNote error={mutation.error} nameOf={nameOf} />
      {conflict && conflict.available > 0 && (
        <button type="button" className="link" onClick={() => updateCart((c) => setQuantity(c, conflict.productId, conflict.available))}>
          Take the {conflict.available} available of {nameOf(conflict.productId) ?? 'that product'}
        </button>
      )}
      <button type="submit" className="primary big" disabled={mutation.isPending}>
        {mutation.isPending ? 'Placing your order…' : 'Place order'}
      </button>
    </form>
  );
}
