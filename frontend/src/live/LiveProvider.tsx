import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { currentToken, expireSession, useSession } from '../auth/session';
import { LiveHub, type LiveState } from './LiveHub';

interface Hubs {
  orders: LiveHub;
  alerts: LiveHub;
}

const LiveContext = createContext<Hubs | null>(null);

/** Opens /hubs/orders and /hubs/alerts while someone is signed in; a new token opens new connections. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const token = useSession()?.token;
  const queryClient = useQueryClient();
  const [hubs, setHubs] = useState<Hubs | null>(null);

  useEffect(() => {
    if (!token) {
      return;
    }
    // Events missed while away are read again: the lists and the inbox come back from the API.
    const onResumed = () => void queryClient.invalidateQueries();
    const options = { token: currentToken, onResumed, onUnauthorized: expireSession };
    const opened = { orders: new LiveHub('/hubs/orders', options), alerts: new LiveHub('/hubs/alerts', options) };
    opened.orders.start();
    opened.alerts.start();
    setHubs(opened);
    return () => {
      setHubs(null);
      void opened.orders.stop();
      void opened.alerts.stop();
    };
  }, [token, queryClient]);

  return <LiveContext.Provider value={hubs}>{children}</LiveContext.Provider>;
}

export const useHubs = () => useContext(LiveContext);

const offline = () => () => {};

/** The state of a hub connection, for the "live" indicator. */
export function useLiveState(hub: LiveHub | null | undefined): LiveState {
  return useSyncExternalStore(hub?.subscribe ?? offline, () => hub?.getState() ?? 'offline');
}
