import { HTTPError } from 'ky';
import { rememberProblem, type Problem } from '../api/problems';

/** An error as the API client raises it for an answer with this status and problem. */
export function apiError(status: number, problem: Problem = {}): HTTPError {
  const error = new HTTPError(new Response(null, { status }), new Request('http://shop.test/api/x'), {} as never);
  rememberProblem(error, { status, ...problem });
  return error;
}
