import { describe, expect, it } from 'vitest';
import { signIn, signOut } from '../auth/session';
import { http } from './http';
import { describeError, describeFailure, fieldErrors, tryAgainShortly, type Failure, type Problem } from './problems';

// Node's Request needs an absolute URL; in the browser the page's origin completes it.
const prefixUrl = 'http://shop.test/api';

const answer = (status: number, body?: object) =>
  http.extend({
    prefixUrl,
    fetch: async () =>
      new Response(body ? JSON.stringify(body) : null, {
        status,
        headers: body ? { 'Content-Type': 'application/problem+json' } : {},
      }),
  });

async function failureFrom(status: number, body?: object): Promise<unknown> {
  try {
    await answer(status, body).get('anything').json();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

const http409 = (problem: Problem): Failure => ({ kind: 'http', status: 409, problem, hadToken: true });

describe('describeFailure', () => {
  it('asks to try again shortly for 429 and 503', () => {
    expect(describeFailure({ kind: 'http', status: 429, problem: {}, hadToken: false })).toBe(tryAgainShortly);
    expect(describeFailure({ kind: 'http', status: 503, problem: { title: 'The service is unavailable' }, hadToken: true })).toBe(tryAgainShortly);
  });

  it('names the product of a stock conflict, with what was asked and what is left', () => {
    const failure = http409({ title: "Not enough stock of product 'p1'", productId: 'p1', requested: 3, available: 1 });
    expect(describeFailure(failure, (id) => (id === 'p1' ? 'Rare vase' : undefined))).toBe('Not enough stock of Rare vase: 3 wanted, only 1 available.');
    expect(describeFailure(failure)).toBe('Not enough stock of product p1: 3 wanted, only 1 available.');
  });

  it("uses the problem's title for other conflicts, such as a status move", () => {
    expect(describeFailure(http409({ title: 'The order is shipped; that change is not allowed from there.', currentStatus: 'shipped' }))).toBe(
      'The order is shipped; that change is not allowed from there.',
    );
  });

  it('points at the fields for a validation problem, and says when a session ended', () => {
    expect(describeFailure({ kind: 'http', status: 400, problem: { errors: { price: ['bad'] } }, hadToken: true })).toBe(
      'Please correct the fields marked below.',
    );
    expect(describeFailure({ kind: 'http', status: 401, problem: { title: 'Unauthorized' }, hadToken: true })).toMatch(/sign in again/);
    expect(describeFailure({ kind: 'http', status: 401, problem: { title: 'Invalid email or password.' }, hadToken: false })).toBe(
      'Invalid email or password.',
    );
  });

  it('says the shop cannot be reached when no answer came', () => {
    expect(describeFailure({ kind: 'network' })).toMatch(/cannot be reached.*try again shortly/);
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/cannot be reached/);
  });
});

describe('errors from the API client', () => {
  it("carry the problem's field errors, read from the response once", async () => {
    const error = await failureFrom(400, { status: 400, title: 'One or more validation errors occurred.', errors: { 'shippingAddress.city': ['The city field is required.'] } });
    expect(fieldErrors(error)).toEqual({ 'shippingAddress.city': ['The city field is required.'] });
    expect(describeError(error)).toBe('Please correct the fields marked below.');
  });

  it('read a status without a problem body', async () => {
    const error = await failureFrom(503);
    expect(fieldErrors(error)).toEqual({});
    expect(describeError(error)).toBe(tryAgainShortly);
  });

  it("send the signed-in user's token, and report that it was sent", async () => {
    signIn({ token: 't0k3n', expiresAt: new Date(Date.now() + 60_000).toISOString(), customer: { id: 'c1', name: 'A', email: 'a@x.io', phone: null, role: 'customer', createdAt: '' } });
    let sent: string | null = null;
    const client = http.extend({
      prefixUrl,
      fetch: async (input: RequestInfo | URL) => {
        sent = (input as Request).headers.get('Authorization');
        return new Response(null, { status: 401 });
      },
    });
    const error = await client.get('orders/x').json().catch((e: unknown) => e);
    expect(sent).toBe('Bearer t0k3n');
    expect(describeError(error)).toMatch(/sign in again/);
    signOut();
  });
});
