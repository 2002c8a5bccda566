/**
 * An IVR menu as the designer edits it: nodes by name, the start node, the edges between them (pure: unit-tested).
 * The server (IvrValidator) has the last word on what is valid; these helpers only draw and rename.
 */
export type NodeType = 'play' | 'menu' | 'collect' | 'branch' | 'hours' | 'queue' | 'goto' | 'voicemail' | 'hangup';
export const NODE_TYPES: NodeType[] = ['menu', 'play', 'collect', 'branch', 'hours', 'queue', 'goto', 'voicemail', 'hangup'];

export interface IvrNode {
  type: NodeType;
  prompt?: string;
  next?: string;
  options?: Record<string, string>;
  timeoutSeconds?: number;
  retries?: number;
  invalidPrompt?: string;
  fallback?: string;
  maxDigits?: number;
  terminator?: string;
  variable?: string;
  cases?: Record<string, string>;
  otherwise?: string;
  open?: string;
  closed?: string;
  queue?: string;
  menu?: string;
  mailbox?: string;
  maxSeconds?: number;
}

export interface IvrDraft {
  start: string;
  nodes: Record<string, IvrNode>;
}

/** An edge from one node to another, labelled with what takes the caller there (a key, a case, open/closed). */
export interface Edge {
  from: string;
  to: string;
  label: string;
}

/** The nodes a node leads to, in the order the editor shows them. */
export function edgesOf(name: string, n: IvrNode): Edge[] {
  const out: Edge[] = [];
  const add = (to: string | undefined, label: string) => {
    if (to) {
      out.push({ from: name, to, label });
    }
  };
  switch (n.type) {
    case 'play':
      add(n.next, '');
      break;
    case 'menu':
      Object.entries(n.options ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .forEach(([k, v]) => add(v, k));
      add(n.fallback, '⏱');
      break;
    case 'collect':
      add(n.next, '');
      add(n.fallback, '⏱');
      break;
    case 'branch':
      Object.entries(n.cases ?? {}).forEach(([k, v]) => add(v, k));
      add(n.otherwise, '*');
      break;
    case 'hours':
      add(n.open, 'open');
      add(n.closed, 'closed');
      break;
    default:
      break;
  }
  return out;
}

export function edges(d: IvrDraft): Edge[] {
  return Object.entries(d.nodes).flatMap(([k, n]) => edgesOf(k, n));
}

export interface Placed {
  name: string;
  column: number;
  row: number;
}

/**
 * Layers for drawing: the start in column 0 and every node one column after the furthest node that leads to it
 * (longest path, so an arrow between two reachable nodes points right unless it closes a loop); nodes no path reaches
 * come last, in a column of their own. Rows keep the nodes' order within a column.
 */
export function layout(d: IvrDraft): Placed[] {
  const reach: string[] = [];
  const back = new Set<string>();
  // depth first from the start: the order nodes are reached, and the edges that go back up the path (loops)
  const state = new Map<string, 'open' | 'done'>();
  const visit = (at: string) => {
    state.set(at, 'open');
    reach.push(at);
    for (const e of edgesOf(at, d.nodes[at]!)) {
      if (!d.nodes[e.to]) {
        continue;
      }
      const s = state.get(e.to);
      if (s === 'open') {
        back.add(`${e.from}>${e.to}`);
      } else if (!s) {
        visit(e.to);
      }
    }
    state.set(at, 'done');
  };
  if (d.nodes[d.start]) {
    visit(d.start);
  }
  // longest path over the edges that do not loop back, in an order where every node comes after those leading to it
  const depth = new Map<string, number>(reach.map((n) => [n, 0]));
  const incoming = new Map<string, number>(reach.map((n) => [n, 0]));
  const forward = (n: string) => edgesOf(n, d.nodes[n]!).filter((e) => depth.has(e.to) && !back.has(`${e.from}>${e.to}`));
  reach.forEach((n) => forward(n).forEach((e) => incoming.set(e.to, incoming.get(e.to)! + 1)));
  const ready = reach.filter((n) => incoming.get(n) === 0);
  while (ready.length > 0) {
    const n = ready.shift()!;
    for (const e of forward(n)) {
      depth.set(e.to, Math.max(depth.get(e.to)!, depth.get(n)! + 1));
      incoming.set(e.to, incoming.get(e.to)! - 1);
      if (incoming.get(e.to) === 0) {
        ready.push(e.to);
      }
    }
  }
  const deepest = Math.max(-1, ...depth.values());
  const rows = new Map<number, number>();
  const placed: Placed[] = [];
  const put = (name: string, column: number) => {
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    placed.push({ name, column, row });
  };
  reach.map((n) => [n, depth.get(n)!] as const).sort((a, b) => a[1] - b[1]).forEach(([name, column]) => put(name, column));
  Object.keys(d.nodes)
    .filter((n) => !depth.has(n))
    .forEach((n) => put(n, deepest + 1));
  return placed;
}

/** Renames a node and every reference to it (start, next, options, fallback, cases, otherwise, open, closed). */
export function rename(d: IvrDraft, from: string, to: string): IvrDraft {
  if (from === to || !d.nodes[from] || d.nodes[to]) {
    return d;
  }
  const swap = (v: string | undefined) => (v === from ? to : v);
  const swapAll = (m: Record<string, string> | undefined) => (m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, swap(v)!])) : m);
  const nodes: Record<string, IvrNode> = {};
  for (const [k, n] of Object.entries(d.nodes)) {
    nodes[k === from ? to : k] = {
      ...n,
      next: swap(n.next),
      fallback: swap(n.fallback),
      otherwise: swap(n.otherwise),
      open: swap(n.open),
      closed: swap(n.closed),
      options: swapAll(n.options),
      cases: swapAll(n.cases),
    };
  }
  return { start: swap(d.start)!, nodes };
}

/** Removes a node; references to it stay, and the server names them as dangling when the menu is saved. */
export function remove(d: IvrDraft, name: string): IvrDraft {
  const nodes = { ...d.nodes };
  delete nodes[name];
  return { ...d, nodes };
}

/** A free node name: the type and the first number not taken. */
export function freeName(d: IvrDraft, type: NodeType): string {
  for (let i = 1; ; i++) {
    const n = `${type}${i}`;
    if (!d.nodes[n]) {
      return n;
    }
  }
}

/** The menu as the API takes it: empty strings and empty maps left out. */
export function toApi(d: IvrDraft): IvrDraft {
  const nodes: Record<string, IvrNode> = {};
  for (const [k, n] of Object.entries(d.nodes)) {
    const clean: Record<string, unknown> = {};
    for (const [f, v] of Object.entries(n)) {
      if (v === undefined || v === null || v === '') {
        continue;
      }
      if (typeof v === 'object' && Object.keys(v).length === 0) {
        continue;
      }
      clean[f] = v;
    }
    nodes[k] = clean as unknown as IvrNode;
  }
  return { start: d.start, nodes };
}

/** Where a server error points: "nodes.main.options.4" → node main, field options.4; "start" → the start. */
export function errorTarget(field: string | null | undefined): { node: string | null; field: string | null } {
  if (!field) {
    return { node: null, field: null };
  }
  const m = /^nodes\.([^.]+)(?:\.(.+))?$/.exec(field);
  if (m) {
    return { node: m[1] ?? null, field: m[2] ?? null };
  }
  return { node: null, field };
}
