import { useSyncExternalStore } from 'react';

/**
 * A value kept in browser storage (localStorage unless told otherwise) that components follow. Other tabs' changes arrive through the storage event,
 * so signing out or adding to the cart in one tab shows in the others.
 */
export class StoredValue<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly key: string,
    private readonly fallback: T,
    private readonly isValid: (raw: unknown) => raw is T,
    private readonly storage: () => Storage = () => localStorage,
  ) {
    this.value = this.read();
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === key) {
          this.value = this.read();
          this.emit();
        }
      });
    }
  }

  get = (): T => this.value;

  set(next: T) {
    this.value = next;
    try {
      this.storage().setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the value still lives for this page.
    }
    this.emit();
  }

  reset() {
    this.value = this.fallback;
    this.storage().removeItem(this.key);
    this.emit();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  use(): T {
    return useSyncExternalStore(this.subscribe, this.get, this.get);
  }

  private read(): T {
    try {
      const raw: unknown = JSON.parse(this.storage().getItem(this.key) ?? 'null');
      return this.isValid(raw) ? raw : this.fallback;
    } catch {
      return this.fallback;
    }
  }

  private emit() {
    this.listeners.forEach((listener) => listener());
  }
}
