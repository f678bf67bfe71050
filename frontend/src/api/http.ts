import ky from 'ky';
import { apiBaseUrl } from '../app/config';
import { currentToken } from '../auth/session';
import { readProblem, rememberProblem } from './problems';

/** The API client: every call goes to /api with the signed-in user's token, and errors carry their problem details. */
export const http = ky.create({
  prefixUrl: `${apiBaseUrl}/api`,
  // TanStack Query decides about retries (see app/queryClient.ts); a retried POST would need its own key anyway.
  retry: 0,
  timeout: 30_000,
  hooks: {
    beforeRequest: [
      (request) => {
        const token = currentToken();
        if (token) {
          request.headers.set('Authorization', `Bearer ${token}`);
        }
      },
    ],
    beforeError: [
      async (error) => {
        rememberProblem(error, await readProblem(error.response));
        return error;
      },
    ],
  },
});
