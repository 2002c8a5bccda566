import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { reconnecting } from './stream';

export type ScreenPop = Schemas['ScreenPop'];

/**
 * The signed-in user's own channel: the latest screen pop (read once, then pushed by `/me/events` as calls ring this
 * agent). Reconnects with backoff; after a reconnect the latest pop is read again so none is missed.
 */
export function useMyPops(tenant: string | null): ScreenPop | null {
  const [pop, setPop] = useState<ScreenPop | null>(null);

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
    const stop = reconnecting(`/api/v1/tenants/${encodeURIComponent(tenant)}/me/events`, (source, up) => {
      source.addEventListener('hello', () => {
        up();
        void latest();
      });
      source.addEventListener('screen-pop', (e) => {
        try {
          setPop(JSON.parse((e as MessageEvent<string>).data) as ScreenPop);
        } catch {
          // a malformed event is skipped; the next pop replaces it
        }
      });
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [tenant]);

  return pop;
}
