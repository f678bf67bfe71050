import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session';

/** Pages for signed-in users (and, with admin, for administrators only). */
export function RequireUser({ admin = false, children }: { admin?: boolean; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (admin && session.customer.role !== 'admin') {
    return (
      <section className="page">
        <h1>Administrators only</h1>
        <p>The operator console is for administrators. Sign in with an administrator account to use it.</p>
      </section>
    );
  }
  return children;
}
