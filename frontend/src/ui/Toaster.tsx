import { dismissToast, useToasts } from './toasts';

export function Toaster() {
  const toasts = useToasts();
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role="status">
          <strong>{t.title}</strong>
          {t.message && <span>{t.message}</span>}
          <button type="button" aria-label="dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
