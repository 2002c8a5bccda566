import { api, setCsrfToken, toApiError, unwrap, type Schemas } from './client';

export type SessionInfo = Schemas['SessionResourceSessionInfo'];

/** The current session, or null when there is none (not signed in, or it ended). */
export async function currentSession(): Promise<SessionInfo | null> {
  const { data, error, response } = await api.GET('/session');
  if (response.status === 401) {
    setCsrfToken(null);
    return null;
  }
  if (!response.ok || !data) {
    throw toApiError(response, error);
  }
  setCsrfToken(data.csrfToken);
  return data;
}

export async function signIn(login: string, password: string): Promise<SessionInfo> {
  const s = await unwrap(api.POST('/session', { body: { login, password } }));
  setCsrfToken(s.csrfToken);
  return s;
}

export async function signOut(): Promise<void> {
  await api.DELETE('/session');
  setCsrfToken(null);
}

export function can(s: SessionInfo, capability: string): boolean {
  return s.user.operator || (s.can ?? []).includes(capability);
}
