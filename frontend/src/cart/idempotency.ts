import type { PlaceOrderBody } from '../api/types';

/**
 * The Idempotency-Key of a checkout. The same order request (same customer, lines and address) keeps its key until
 * it succeeds, so a double click, a retry after a lost answer or a reload sends the same key and the API answers with
 * the one order. A changed request gets a new key, since the API refuses a key reused for another body (422).
 */
export interface PendingCheckout {
  key: string;
  fingerprint: string;
}

export function fingerprint(body: PlaceOrderBody): string {
  const items = [...body.items].sort((a, b) => a.productId.localeCompare(b.productId));
  const address = body.shippingAddress;
  return JSON.stringify([
    body.customerId,
    items.map((i) => [i.productId, i.quantity]),
    [address.street, address.city, address.state, address.zipCode, address.country].map((v) => v.trim()),
  ]);
}

// crypto.getRandomValues works on plain http too, where crypto.randomUUID does not exist.
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `checkout-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function keyFor(pending: PendingCheckout | null, body: PlaceOrderBody, makeKey = newKey): PendingCheckout {
  const print = fingerprint(body);
  return pending && pending.fingerprint === print ? pending : { key: makeKey(), fingerprint: print };
}

const storageKey = 'ecommerce.checkout';

export function loadPending(): PendingCheckout | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    return raw && typeof (raw as PendingCheckout).key === 'string' ? (raw as PendingCheckout) : null;
  } catch {
    return null;
  }
}

export function savePending(pending: PendingCheckout | null) {
  if (pending) {
    localStorage.setItem(storageKey, JSON.stringify(pending));
  } else {
    localStorage.removeItem(storageKey);
  }
}
