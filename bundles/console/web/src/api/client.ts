import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, components } from './schema';
import { errorMessage } from '../lib/errors';

export type Schemas = components['schemas'];

/** An error answer of the API: {code, message, field?} with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
const expiredListeners = new Set<() => void>();

/** The session's CSRF token, sent with every write (the session cookie alone authenticates only reads). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request meets an ended session (401): the console returns to sign-in. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const session: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, location.href).pathname.endsWith('/api/v1/session')) {
      expiredListeners.forEach((l) => l());
    }
    return response;
  },
};

/** The typed client generated from docs/openapi.json (openapi-typescript). */
export const api = createClient<paths>({ baseUrl: '/api/v1', credentials: 'same-origin' });
api.use(session);

/** The body of a successful answer, or an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw toApiError(response, error);
  }
  return data as T;
}

export function toApiError(response: Response, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: string; message?: string; field?: string | null };
  const retry = response.headers.get('Retry-After');
  const code = b.code ?? `http_${response.status}`;
  return new ApiError(
    response.status,
    code,
    // in the user's language where the code has its sentence; the server's own words (English) keep the specifics
    errorMessage(code, b.message ?? response.statusText),
    b.field ?? null,
    retry ? Number(retry) : null,
  );
}

/**
 * A schema with the named properties present and not null. The generated types make every string nullable; an id,
 * a name or a list the server always sends is declared so where a page reads it.
 */
/** An error as one line for a toast or an alert: the server's message (in Chinese too, on a Chinese page), else the error's own. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
