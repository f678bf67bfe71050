import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { failureOf } from '../api/problems';
import { expireSession } from '../auth/session';

/** A refused token ends the session wherever it happens; the SessionGuard then sends the user to the login page. */
function onError(error: unknown) {
  const failure = failureOf(error);
  if (failure.kind === 'http' && failure.status === 401 && failure.hadToken) {
    expireSession();
  }
}

/** Only failures a retry can mend are retried: the network, 429 and 5xx, a couple of times. */
function shouldRetry(count: number, error: unknown) {
  const failure = failureOf(error);
  return count < 2 && (failure.kind === 'network' || failure.status === 429 || failure.status >= 500);
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
