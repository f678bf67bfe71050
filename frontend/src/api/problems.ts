import { HTTPError, TimeoutError } from 'ky';

/** An RFC 9457 problem as the API writes it; conflicts add fields such as productId or currentStatus. */
export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** What went wrong with a call, in the terms the pages need. */
export type Failure =
  | { kind: 'network' }
  | { kind: 'http'; status: number; problem: Problem; hadToken: boolean };

// The problem body is read once, when ky raises the error (see http.ts), and kept beside the error.
const problems = new WeakMap<HTTPError, Problem>();

export function rememberProblem(error: HTTPError, problem: Problem) {
  problems.set(error, problem);
}

export async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    return { status: response.status };
  }
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null ? (body as Problem) : { status: response.status };
  } catch {
    return { status: response.status };
  }
}

export function failureOf(error: unknown): Failure {
  if (error instanceof HTTPError) {
    return {
      kind: 'http',
      status: error.response.status,
      problem: problems.get(error) ?? { status: error.response.status },
      hadToken: error.request.headers.has('Authorization'),
    };
  }
  // A fetch that never got an answer (TypeError), a timeout or an abort: the server was not reached.
  if (error instanceof TimeoutError || error instanceof TypeError) {
    return { kind: 'network' };
  }
  return { kind: 'network' };
}

export const tryAgainShortly = 'The shop is busy right now; try again shortly.';
const unreachable = 'The shop cannot be reached right now; try again shortly.';

/** Names a product in a message; the caller knows names the problem only gives as ids. */
export type ProductNamer = (productId: string) => string | undefined;

/** One sentence for the person using the page. Field errors are shown beside their fields (fieldErrors). */
export function describeFailure(failure: Failure, nameOf: ProductNamer = () => undefined): string {
  if (failure.kind === 'network') {
    return unreachable;
  }
  const { status, problem } = failure;
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return tryAgainShortly;
  }
  if (status === 409 && typeof problem.productId === 'string' && typeof problem.available === 'number') {
    const name = nameOf(problem.productId) ?? `product ${problem.productId}`;
    const requested = typeof problem.requested === 'number' ? `${problem.requested} wanted, ` : '';
    return `Not enough stock of ${name}: ${requested}only ${problem.available} available.`;
  }
  if (status === 404 && typeof problem.productId === 'string') {
    return `${nameOf(problem.productId) ?? `Product ${problem.productId}`} is no longer sold; remove it from the cart.`;
  }
  if (status === 400 && problem.errors && Object.keys(problem.errors).length > 0) {
    return 'Please correct the fields marked below.';
  }
  if (status === 401 && failure.hadToken) {
    return 'Your session has ended; please sign in again.';
  }
  if (status === 403) {
    return problem.title ?? 'You are not allowed to do that.';
  }
  if (status >= 500) {
    return 'Something went wrong on our side; try again shortly.';
  }
  return problem.title ?? `The request failed (${status}).`;
}

export function describeError(error: unknown, nameOf?: ProductNamer): string {
  return describeFailure(failureOf(error), nameOf);
}

/** The problem's field errors, keyed as the API names fields ("price", "shippingAddress.city", "items[0].quantity"). */
export function fieldErrors(error: unknown): Record<string, string[]> {
  const failure = failureOf(error);
  return failure.kind === 'http' && failure.status === 400 ? (failure.problem.errors ?? {}) : {};
}

export function statusOf(error: unknown): number | undefined {
  const failure = failureOf(error);
  return failure.kind === 'http' ? failure.status : undefined;
}
