import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AnalyticsSummary } from '../../api/types';
import { currentToken, expireSession } from '../../auth/session';
import { LiveHub } from '../../live/LiveHub';
import { analyticsKeys } from './api';
import { laterSummary } from './summaryVersion';

/**
 * Hears /hubs/analytics while the page is open (the API pushes only while someone listens): each newer summary
 * replaces the cached one, and the sales and top products are read again, since they moved with it.
 */
export function useAnalyticsHub(): LiveHub | null {
  const queryClient = useQueryClient();
  const [hub, setHub] = useState<LiveHub | null>(null);

  useEffect(() => {
    const opened = new LiveHub('/hubs/analytics', {
      token: currentToken,
      onUnauthorized: expireSession,
      onResumed: () => void queryClient.invalidateQueries({ queryKey: analyticsKeys.all }),
    });
    const off = opened.onMessage<AnalyticsSummary>('summary', (incoming) => {
      const before = queryClient.getQueryData<AnalyticsSummary>(analyticsKeys.summary);
      const after = laterSummary(before, incoming);
      if (after !== before) {
        queryClient.setQueryData(analyticsKeys.summary, after);
        if (before) {
          void queryClient.invalidateQueries({ queryKey: ['analytics', 'sales'] });
          void queryClient.invalidateQueries({ queryKey: ['analytics', 'top'] });
        }
      }
    });
    opened.start();
    setHub(opened);
    return () => {
      off();
      setHub(null);
      void opened.stop();
    };
  }, [queryClient]);

  return hub;
}
