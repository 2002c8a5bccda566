import { reconnectDelay } from './backoff';

/**
 * A server-sent event stream that comes back: the browser would retry at once and forever (also after a 401), so on
 * an error it is closed and opened again after a backoff delay. {@code listen} adds the listeners to each new
 * EventSource and calls {@code up} when the stream's first event arrived (the backoff starts again from the shortest
 * delay); {@code down} is told each time it broke. Returns the function that closes it for good.
 */
export function reconnecting(url: string, listen: (source: EventSource, up: () => void) => void, down?: () => void): () => void {
  let source: EventSource | null = null;
  let attempt = 0;
  let timer: number | null = null;
  let stopped = false;

  const connect = () => {
    source = new EventSource(url, { withCredentials: true });
    listen(source, () => {
      attempt = 0;
    });
    source.onerror = () => {
      source?.close();
      down?.();
      if (!stopped) {
        timer = window.setTimeout(connect, reconnectDelay(attempt++));
      }
    };
  };
  connect();
  return () => {
    stopped = true;
    source?.close();
    if (timer !== null) {
      window.clearTimeout(timer);
    }
  };
}
