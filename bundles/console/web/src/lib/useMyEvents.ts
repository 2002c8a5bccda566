import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { reconnecting } from './stream';

export type ScreenPop = Schemas['ScreenPop'];
export type Message = Schemas['MessageServiceMessage'];

/** The queries the pushed events refresh: the user's messages, and help requests (the agent's own, or the floor's). */
export const messagesKey = (tenant: string) => ['messages', tenant] as const;
export const helpKey = (tenant: string) => ['help', tenant] as const;

/**
 * The signed-in user's own channel, `/me/events`, one connection per page: the latest screen pop (read once, then
 * pushed as calls ring this agent), and messages and help requests as they happen, which refresh the queries above and
 * call `onMessage` for a message to this user (a notice on screen). Reconnects with backoff; after a reconnect the
 * latest pop and the lists are read again so nothing is missed.
 */
export function useMyEvents(tenant: string | null, me: string | null, onMessage?: (m: Message) => void): ScreenPop | null {
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const queries = useQueryClient();
  const notify = useRef(onMessage);
  notify.current = onMessage;

  useEffect(() => {
    if (!tenant) {
      return;
    }
    let stopped = false;
    const latest = async () => {
      const { data } = await api.GET('/tenants/{tenant}/me/screen-pops', { params: { path: { tenant } } });
      const newest = data?.[0];
      if (!stopped && newest) {
        setPop((current) => (current?.at && newest.at && current.at > newest.at ? current : newest));
      }
    };
    const parse = <T,>(e: Event): T | null => {
      try {
        return JSON.parse((e as MessageEvent<string>).data) as T;
      } catch {
        return null; // a malformed event is skipped; the next one, or the next read, replaces it
      }
    };
    const stop = reconnecting(`/api/v1/tenants/${encodeURIComponent(tenant)}/me/events`, (source, up) => {
      source.addEventListener('hello', () => {
        up();
        void latest();
        void queries.invalidateQueries({ queryKey: messagesKey(tenant) });
        void queries.invalidateQueries({ queryKey: helpKey(tenant) });
      });
      source.addEventListener('screen-pop', (e) => {
        const p = parse<ScreenPop>(e);
        if (p) {
          setPop(p);
        }
      });
      source.addEventListener('message', (e) => {
        void queries.invalidateQueries({ queryKey: messagesKey(tenant) });
        const m = parse<Message>(e);
        if (m && m.toUser === me) {
          notify.current?.(m);
        }
      });
      for (const name of ['help', 'help-closed']) {
        source.addEventListener(name, () => void queries.invalidateQueries({ queryKey: helpKey(tenant) }));
      }
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [tenant, me, queries]);

  return pop;
}
