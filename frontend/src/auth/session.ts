import { StoredValue } from '../app/store';
import type { AuthResponse, Customer } from '../api/types';

export interface Session {
  token: string;
  expiresAt: string;
  customer: Customer;
  /** Set when the API refused the token: the pages send the user to the login page. */
  expired?: boolean;
}

const isSession = (raw: unknown): raw is Session | null =>
  raw === null || (typeof raw === 'object' && typeof (raw as Session).token === 'string' && typeof (raw as Session).customer === 'object');

const store = new StoredValue<Session | null>('ecommerce.session', null, isSession);

function live(session: Session | null): Session | null {
  return session && !session.expired && Date.parse(session.expiresAt) > Date.now() ? session : null;
}

export function currentToken(): string | undefined {
  return live(store.get())?.token;
}

export function signIn(auth: AuthResponse) {
  store.set({ token: auth.token, expiresAt: auth.expiresAt, customer: auth.customer });
}

export function signOut() {
  store.reset();
}

/** The API answered 401 to a call that carried the token: it no longer counts. */
export function expireSession() {
  const session = store.get();
  if (session && !session.expired) {
    store.set({ ...session, expired: true });
  }
}

/** The signed-in user, or null. */
export function useSession(): Session | null {
  return live(store.use());
}

/** Whether a stored session was refused or ran out (so the login page can say why it is shown). */
export function useSessionEnded(): boolean {
  const session = store.use();
  return session !== null && live(session) === null;
}
