import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  title: string;
  message?: string;
  tone: 'info' | 'warning' | 'success';
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function showToast(toast: Omit<Toast, 'id'>, lifetimeMs = 8000) {
  const id = nextId++;
  toasts = [...toasts, { ...toast, id }].slice(-4);
  emit();
  setTimeout(() => dismissToast(id), lifetimeMs);
}

export function dismissToast(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export const useToasts = () =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
