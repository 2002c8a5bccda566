/** Pure helpers of the messages card and the help requests (unit-tested). */

export interface MessageLike {
  id?: string | null;
  kind?: string | null;
  fromUser?: string | null;
  toUser?: string | null;
  readAt?: string | null;
  at?: string | null;
}

/** A recipient in the picker: `USER:<id>` or `TEAM:<id>`. */
export function recipientValue(kind: string | null | undefined, id: string | null | undefined): string {
  return `${kind === 'TEAM' ? 'TEAM' : 'USER'}:${id ?? ''}`;
}

/** The request body for a picked recipient: one user (`to`) or a team's broadcast (`team`). */
export function sendBody(value: string | undefined, body: string): { to?: string; team?: string; body: string } {
  if (!value) {
    return { body };
  }
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  return kind === 'TEAM' ? { team: id, body } : { to: id, body };
}

/** Messages to {@code me} not read yet. */
export function unread(messages: MessageLike[] | undefined, me: string): number {
  return (messages ?? []).filter((m) => m.toUser === me && !m.readAt).length;
}

/** Whom a reply goes to: the other side of the message (its sender, or for one's own message, its recipient). */
export function replyTo(m: MessageLike, me: string): string | undefined {
  const other = m.fromUser === me ? m.toUser : m.fromUser;
  return other ? recipientValue('USER', other) : undefined;
}

/** Help requests, longest waiting first (the one to answer first on top). */
export function byWaiting<T extends MessageLike>(requests: T[] | undefined): T[] {
  return [...(requests ?? [])].sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
}
