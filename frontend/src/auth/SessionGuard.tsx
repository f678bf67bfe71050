import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useSessionEnded } from './session';

/** When the API refused the token (401) or it ran out, the user goes back to the login page, and then back here. */
export function SessionGuard() {
  const ended = useSessionEnded();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    if (ended && location.pathname !== '/login' && location.pathname !== '/register') {
      void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`, { replace: true });
    }
  }, [ended, location, navigate]);
  return null;
}
