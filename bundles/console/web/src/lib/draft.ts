/**
 * A note being typed, kept in the browser (localStorage) until it is saved: a session that ends, a reload or a closed
 * tab does not lose it. Keyed by user and call; drafts older than a week are dropped when one is written.
 */
const PREFIX = 'seatline.draft.';
const WEEK_MS = 7 * 24 * 3600 * 1000;

function key(user: string, call: string): string {
  return `${PREFIX}${user}.${call}`;
}

export function readDraft(user: string, call: string, store: Storage = localStorage): string {
  try {
    const raw = store.getItem(key(user, call));
    return raw ? ((JSON.parse(raw) as { text?: string }).text ?? '') : '';
  } catch {
    return '';
  }
}

export function writeDraft(user: string, call: string, text: string, store: Storage = localStorage, now = Date.now()): void {
  try {
    if (text === '') {
      store.removeItem(key(user, call));
      return;
    }
    store.setItem(key(user, call), JSON.stringify({ text, at: now }));
    for (let i = store.length - 1; i >= 0; i--) {
      const k = store.key(i);
      if (k && k.startsWith(PREFIX)) {
        const at = (JSON.parse(store.getItem(k) ?? '{}') as { at?: number }).at ?? 0;
        if (now - at > WEEK_MS) {
          store.removeItem(k);
        }
      }
    }
  } catch {
    // storage full or refused (private mode): the note still works, it is just not kept
  }
}
