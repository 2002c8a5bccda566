import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Dropdown, Empty, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import type { AdminProps } from './Admin';
import { useConfirmDanger } from './hooks';
import { errorText } from './forms';
import { edges, errorTarget, freeName, layout, NODE_TYPES, remove, rename, toApi, type IvrDraft, type IvrNode, type NodeType } from './ivrGraph';
import { usePrompts, useQueues } from './Queues';

const MENU_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The IVR designer: the company's menus; the chosen one drawn as a graph (start on the left, each node after the
 * first that leads to it, edges labelled with the key, case or hours that take the caller on), a node edited in a
 * form beside it. Saving sends the whole menu; the server's refusal (a dangling target, a loop that never asks the
 * caller anything, a missing prompt) is shown on the node it names, in the graph and in the form.
 */
export default function Ivr({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const menus = useMenus(tenant);
  const [chosen, choose] = useState<string | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const names = [...(menus.data ?? []).map((m) => m.name!), ...(fresh && !(menus.data ?? []).some((m) => m.name === fresh) ? [fresh] : [])];
  const current = chosen ?? names[0] ?? null;
  const saved = (menus.data ?? []).find((m) => m.name === current);
  const initial: IvrDraft | null = saved
    ? { start: saved.start!, nodes: (saved.nodes ?? {}) as Record<string, IvrNode> }
    : current === fresh && fresh
      ? { start: 'main', nodes: { main: { type: 'menu', prompt: 'beep', options: {}, timeoutSeconds: 5, retries: 2 } } }
      : null;

  const removeMenu = (name: string) =>
    danger({
      title: t('ivr.deleteTitle', { name }),
      content: t('ivr.deleteHint'),
      work: async () => {
      if (saved) {
        await unwrap(api.DELETE('/tenants/{tenant}/ivr/{name}', { params: { path: { tenant, name } } }));
      }
      setFresh(null);
      choose(null);
      await queries.invalidateQueries({ queryKey: ['ivr', tenant] });
      },
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Select
          aria-label={t('ivr.menu')}
          style={{ width: 240 }}
          value={current ?? undefined}
          placeholder={t('ivr.noMenus')}
          onChange={choose}
          options={names.map((n) => ({ value: n, label: n }))}
        />
        <Button onClick={() => setNaming(true)}>{t('ivr.newMenu')}</Button>
        {current && (
          <Button danger onClick={() => removeMenu(current)}>
            {t('ivr.deleteMenu')}
          </Button>
        )}
      </Space>
      {current && initial ? (
        <Designer
          key={`${current}:${saved?.updatedAt ?? 'new'}`}
          tenant={tenant}
          name={current}
          initial={initial}
          otherMenus={names.filter((n) => n !== current)}
          onSaved={async () => {
            await queries.invalidateQueries({ queryKey: ['ivr', tenant] });
          }}
        />
      ) : (
        !menus.isPending && <Empty description={t('ivr.noMenus')} />
      )}
      {naming && (
        <NewMenu
          taken={names}
          onClose={(name) => {
            setNaming(false);
            if (name) {
              setFresh(name);
              choose(name);
            }
          }}
        />
      )}
    </Space>
  );
}

export function useMenus(tenant: string) {
  return useQuery({
    queryKey: ['ivr', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/ivr', { params: { path: { tenant } } })),
  });
}

function NewMenu({ taken, onClose }: { taken: string[]; onClose: (name: string | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  return (
    <Modal open title={t('ivr.newMenu')} okText={t('common.create')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => onClose(null)}>
      <Form form={form} layout="vertical" onFinish={(v) => onClose(v.name)}>
        <Form.Item
          name="name"
          label={t('ivr.menuName')}
          extra={t('ivr.menuNameHint')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: MENU_NAME, message: t('ivr.menuNameHint') },
            { validator: (_, v) => (taken.includes(v) ? Promise.reject(new Error(t('ivr.menuTaken'))) : Promise.resolve()) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Problem {
  node: string | null;
  field: string | null;
  message: string;
}

function Designer({
  tenant,
  name,
  initial,
  otherMenus,
  onSaved,
}: {
  tenant: string;
  name: string;
  initial: IvrDraft;
  otherMenus: string[];
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<IvrDraft>(initial);
  const [selected, select] = useState<string | null>(initial.start);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const change = (d: IvrDraft) => {
    setDraft(d);
    setDirty(true);
  };

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await unwrap(api.PUT('/tenants/{tenant}/ivr/{name}', { params: { path: { tenant, name } }, body: { name, ...toApi(draft) } as never }));
      setDirty(false);
      void message.success(t('ivr.saved', { name }));
      await onSaved();
    } catch (e) {
      const target = errorTarget(e instanceof ApiError ? e.field : null);
      setProblem({ ...target, message: errorText(e) });
      if (target.node && draft.nodes[target.node]) {
        select(target.node);
      }
    } finally {
      setBusy(false);
    }
  };

  const add = (type: NodeType) => {
    const n = freeName(draft, type);
    change({ ...draft, nodes: { ...draft.nodes, [n]: { type } } });
    select(n);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Dropdown menu={{ items: NODE_TYPES.map((k) => ({ key: k, label: t(`ivr.type.${k}`) })), onClick: (e) => add(e.key as NodeType) }}>
          <Button>{t('ivr.addNode')}</Button>
        </Dropdown>
        <Button type="primary" loading={busy} onClick={() => void save()}>
          {t('ivr.save')}
        </Button>
        {dirty && <Tag color="blue">{t('ivr.unsaved')}</Tag>}
      </Space>
      {problem && (
        <Alert
          type="error"
          showIcon
          data-testid="ivr-error"
          title={problem.node ? t('ivr.errorOnNode', { node: problem.node, message: problem.message }) : problem.message}
        />
      )}
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card size="small" style={{ flex: '1 1 520px', minWidth: 0, overflow: 'auto' }} title={t('ivr.graph', { name })}>
          <Graph draft={draft} selected={selected} onSelect={select} problemNode={problem?.node ?? null} />
        </Card>
        <Card size="small" style={{ flex: '0 1 440px' }} title={selected ? t('ivr.nodeTitle', { node: selected }) : t('ivr.chooseNode')}>
          {selected && draft.nodes[selected] ? (
            <NodeEditor
              key={selected}
              tenant={tenant}
              name={selected}
              node={draft.nodes[selected]}
              draft={draft}
              otherMenus={otherMenus}
              problem={problem?.node === selected ? problem : null}
              onChange={(node) => change({ ...draft, nodes: { ...draft.nodes, [selected]: node } })}
              onRename={(to) => {
                change(rename(draft, selected, to));
                select(to);
              }}
              onStart={() => change({ ...draft, start: selected })}
              onRemove={() => {
                change(remove(draft, selected));
                select(draft.start === selected ? null : draft.start);
              }}
            />
          ) : (
            <Typography.Text type="secondary">{t('ivr.chooseNodeHint')}</Typography.Text>
          )}
        </Card>
      </div>
    </Space>
  );
}

const W = 168;
const H = 60;
const COL = 236;
const ROW = 96;

/** The menu as boxes and arrows; each node a button (click, Enter or Space edits it). */
function Graph({ draft, selected, onSelect, problemNode }: { draft: IvrDraft; selected: string | null; onSelect: (n: string) => void; problemNode: string | null }) {
  const { t } = useTranslation();
  const placed = useMemo(() => layout(draft), [draft]);
  // room above the first row for arrows that skip a column (they bow over the nodes between)
  const at = new Map(placed.map((p) => [p.name, { x: 16 + p.column * COL, y: 56 + p.row * ROW }]));
  const width = Math.max(...placed.map((p) => p.column), 0) * COL + W + 48;
  const height = Math.max(...placed.map((p) => p.row), 0) * ROW + H + 96;
  return (
    <svg width={width} height={height} role="group" aria-label={t('ivr.graphLabel')} style={{ fontFamily: 'inherit' }}>
      <defs>
        <marker id="ivr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#595959" />
        </marker>
      </defs>
      {edges(draft).map((e, i) => {
        const a = at.get(e.from);
        const b = at.get(e.to);
        if (!a || !b) {
          return null; // a dangling target: the node's editor shows it, the server names it
        }
        const x1 = a.x + W;
        const y1 = a.y + H / 2;
        const back = b.x <= a.x;
        // an arrow over more than one column bows above the nodes between, entering its target from the top
        const skip = !back && b.x - a.x > COL;
        const x2 = back || skip ? b.x + W / 2 : b.x;
        const y2 = back ? b.y + H : skip ? b.y : b.y + H / 2;
        const top = Math.min(a.y, b.y) - 44;
        const d = back
          ? `M ${x1} ${y1} C ${x1 + 60} ${y1 + 70}, ${x2} ${y2 + 70}, ${x2} ${y2}`
          : skip
            ? `M ${x1} ${y1} C ${x1 + 40} ${top}, ${x2} ${top}, ${x2} ${y2}`
            : `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x2 - 40} ${y2}, ${x2} ${y2}`;
        const lx = (x1 + x2) / 2;
        const ly = skip ? top + 8 : (y1 + y2) / 2 - 4 + (back ? 40 : 0);
        return (
          <g key={`${e.from}-${e.to}-${e.label}-${i}`}>
            <path d={d} fill="none" stroke="#595959" strokeWidth={1.5} markerEnd="url(#ivr-arrow)" />
            {e.label && (
              <text x={lx} y={ly} fontSize={12} fill="#262626" textAnchor="middle">
                {e.label === 'open' ? t('ivr.open') : e.label === 'closed' ? t('ivr.closed') : e.label}
              </text>
            )}
          </g>
        );
      })}
      {placed.map((p) => {
        const { x, y } = at.get(p.name)!;
        const n = draft.nodes[p.name]!;
        const bad = problemNode === p.name;
        const isSel = selected === p.name;
        return (
          <g
            key={p.name}
            role="button"
            tabIndex={0}
            aria-pressed={isSel}
            data-node={p.name}
            data-error={bad}
            style={{ cursor: 'pointer', outline: 'none' }}
            onClick={() => onSelect(p.name)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(p.name);
              }
            }}
          >
            <rect
              x={x}
              y={y}
              width={W}
              height={H}
              rx={8}
              fill={bad ? '#fff1f0' : isSel ? '#e6f4ff' : '#fff'}
              stroke={bad ? '#cf1322' : isSel ? '#0958d9' : '#8c8c8c'}
              strokeWidth={bad || isSel ? 3 : 1.5}
            />
            <text x={x + 10} y={y + 22} fontSize={14} fontWeight={600} fill="#1f1f1f">
              {draft.start === p.name ? '▶ ' : ''}
              {p.name}
            </text>
            <text x={x + 10} y={y + 44} fontSize={12} fill="#434343">
              {t(`ivr.type.${n.type}`)}
              {summary(n) ? ` · ${summary(n)}` : ''}
            </text>
            {bad && (
              <text x={x + 4} y={y + H + 16} fontSize={12} fontWeight={600} fill="#cf1322">
                ⚠ {t('ivr.hasError')}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function summary(n: IvrNode): string {
  const s = n.type === 'queue' ? n.queue : n.type === 'goto' ? n.menu : n.type === 'voicemail' ? n.mailbox : n.prompt;
  return s ? (s.length > 14 ? `${s.slice(0, 13)}…` : s) : '';
}

interface Row {
  key?: string;
  to?: string;
}

const toRows = (m: Record<string, string> | undefined): Row[] => Object.entries(m ?? {}).map(([key, to]) => ({ key, to }));
const toMap = (rows: Row[] | undefined): Record<string, string> =>
  Object.fromEntries((rows ?? []).filter((r) => r.key && r.to).map((r) => [r.key!, r.to!]));

/** One node's form: its name (renamed everywhere), type and the fields of that type. */
function NodeEditor({
  tenant,
  name,
  node,
  draft,
  otherMenus,
  problem,
  onChange,
  onRename,
  onStart,
  onRemove,
}: {
  tenant: string;
  name: string;
  node: IvrNode;
  draft: IvrDraft;
  otherMenus: string[];
  problem: Problem | null;
  onChange: (n: IvrNode) => void;
  onRename: (to: string) => void;
  onStart: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [newName, setNewName] = useState(name);
  const prompts = usePrompts(tenant);
  const queues = useQueues(tenant);
  const others = Object.keys(draft.nodes).filter((n) => n !== name);
  const targets = Object.keys(draft.nodes).map((n) => ({ value: n, label: n }));
  const promptOptions = (prompts.data ?? []).map((p) => ({ value: p.name!, label: p.builtIn ? `${p.name} (${t('queues.builtIn')})` : p.name! }));
  // a field the server named: its error on the field itself (options.4 and cases.x on their lists)
  const problemField = problem?.field?.split('.')[0] ?? null;
  const err = (f: string) => (problemField === f ? { validateStatus: 'error' as const, help: problem!.message } : {});
  const type = node.type;
  const nameOk = NODE_NAME.test(newName) && (newName === name || !draft.nodes[newName]);

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ ...node, options: toRows(node.options), cases: toRows(node.cases) }}
      onValuesChange={(_, all) => onChange({ ...all, type: all.type ?? type, options: toMap(all.options), cases: toMap(all.cases) } as IvrNode)}
    >
      <Form.Item label={t('ivr.nodeName')} validateStatus={nameOk ? undefined : 'error'} help={nameOk ? undefined : t('ivr.nodeNameHint')}>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={newName} aria-label={t('ivr.nodeName')} onChange={(e) => setNewName(e.target.value)} onPressEnter={() => nameOk && onRename(newName)} />
          <Button disabled={!nameOk || newName === name} onClick={() => onRename(newName)}>
            {t('ivr.rename')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button size="small" disabled={draft.start === name} onClick={onStart}>
          {draft.start === name ? t('ivr.isStart') : t('ivr.makeStart')}
        </Button>
        <Button size="small" danger onClick={onRemove}>
          {t('ivr.removeNode')}
        </Button>
      </Space>
      <Form.Item name="type" label={t('ivr.nodeType')} {...err('type')}>
        <Select options={NODE_TYPES.map((k) => ({ value: k, label: t(`ivr.type.${k}`) }))} />
      </Form.Item>
      {['play', 'menu', 'collect', 'voicemail', 'hangup'].includes(type) && (
        <Form.Item label={t('ivr.prompt')} {...err('prompt')}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="prompt" noStyle>
              <Select allowClear showSearch aria-label={t('ivr.prompt')} options={promptOptions} style={{ width: '100%' }} />
            </Form.Item>
            <PlayPrompt tenant={tenant} name={form.getFieldValue('prompt') ?? node.prompt} />
          </Space.Compact>
        </Form.Item>
      )}
      {(type === 'play' || type === 'collect') && (
        <Form.Item name="next" label={t('ivr.next')} {...err('next')}>
          <Select allowClear options={targets} />
        </Form.Item>
      )}
      {type === 'menu' && (
        <Form.Item label={t('ivr.options')} {...err('options')}>
          <KeyRows name="options" keyLabel={t('ivr.key')} keyPlaceholder="1" targets={targets} />
        </Form.Item>
      )}
      {type === 'collect' && (
        <>
          <Form.Item name="variable" label={t('ivr.variable')} {...err('variable')}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="maxDigits" label={t('ivr.maxDigits')} {...err('maxDigits')}>
              <InputNumber min={1} max={32} />
            </Form.Item>
            <Form.Item name="terminator" label={t('ivr.terminator')} {...err('terminator')}>
              <Select allowClear style={{ width: 80 }} options={['#', '*'].map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          </Space>
        </>
      )}
      {(type === 'menu' || type === 'collect') && (
        <>
          <Space wrap>
            <Form.Item name="timeoutSeconds" label={t('ivr.timeout')} {...err('timeoutSeconds')}>
              <InputNumber min={1} max={60} suffix={t('queues.secondsUnit')} />
            </Form.Item>
            <Form.Item name="retries" label={t('ivr.retries')} {...err('retries')}>
              <InputNumber min={0} max={9} />
            </Form.Item>
          </Space>
          <Form.Item name="invalidPrompt" label={t('ivr.invalidPrompt')} {...err('invalidPrompt')}>
            <Select allowClear showSearch options={promptOptions} />
          </Form.Item>
          <Form.Item name="fallback" label={t('ivr.fallback')} extra={t('ivr.fallbackHint')} {...err('fallback')}>
            <Select allowClear options={targets} />
          </Form.Item>
        </>
      )}
      {type === 'branch' && (
        <>
          <Form.Item name="variable" label={t('ivr.variable')} {...err('variable')}>
            <Input />
          </Form.Item>
          <Form.Item label={t('ivr.cases')} extra={t('ivr.casesHint')} {...err('cases')}>
            <KeyRows name="cases" keyLabel={t('ivr.pattern')} keyPlaceholder="^1\\d+$" targets={targets} />
          </Form.Item>
          <Form.Item name="otherwise" label={t('ivr.otherwise')} {...err('otherwise')}>
            <Select allowClear options={targets} />
          </Form.Item>
        </>
      )}
      {type === 'hours' && (
        <>
          <Typography.Paragraph type="secondary">{t('ivr.hoursHint')}</Typography.Paragraph>
          <Form.Item name="open" label={t('ivr.open')} {...err('open')}>
            <Select allowClear options={targets} />
          </Form.Item>
          <Form.Item name="closed" label={t('ivr.closed')} {...err('closed')}>
            <Select allowClear options={targets} />
          </Form.Item>
        </>
      )}
      {type === 'queue' && (
        <Form.Item name="queue" label={t('ivr.queue')} {...err('queue')}>
          <Select allowClear options={(queues.data ?? []).map((q) => ({ value: q.name, label: q.displayName ? `${q.displayName} (${q.name})` : q.name }))} />
        </Form.Item>
      )}
      {type === 'goto' && (
        <Form.Item name="menu" label={t('ivr.gotoMenu')} {...err('menu')}>
          <Select allowClear options={otherMenus.map((m) => ({ value: m, label: m }))} />
        </Form.Item>
      )}
      {type === 'voicemail' && (
        <Space wrap>
          <Form.Item name="mailbox" label={t('ivr.mailbox')} {...err('mailbox')}>
            <Input placeholder="general" />
          </Form.Item>
          <Form.Item name="maxSeconds" label={t('ivr.maxSeconds')} {...err('maxSeconds')}>
            <InputNumber min={5} max={600} suffix={t('queues.secondsUnit')} />
          </Form.Item>
        </Space>
      )}
      {others.length === 0 && type !== 'queue' && type !== 'hangup' && <Typography.Text type="secondary">{t('ivr.addMoreHint')}</Typography.Text>}
    </Form>
  );
}

/** Rows of key (a DTMF key or a pattern) → node. */
function KeyRows({ name, keyLabel, keyPlaceholder, targets }: { name: string; keyLabel: string; keyPlaceholder: string; targets: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove: drop }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, 'key']} noStyle>
                <Input style={{ width: 110 }} placeholder={keyPlaceholder} aria-label={t('ivr.rowKey', { label: keyLabel, n: i + 1 })} />
              </Form.Item>
              <span aria-hidden>→</span>
              <Form.Item name={[f.name, 'to']} noStyle>
                <Select style={{ width: 160 }} options={targets} aria-label={t('ivr.rowTarget', { n: i + 1 })} />
              </Form.Item>
              <Button size="small" onClick={() => drop(f.name)} aria-label={t('ivr.removeRow', { n: i + 1 })}>
                {t('common.remove')}
              </Button>
            </Space>
          ))}
          <Button type="dashed" size="small" onClick={() => add({})}>
            {t('ivr.addRow', { label: keyLabel })}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

/** Plays a prompt in the browser (the recording as the caller hears it). */
export function PlayPrompt({ tenant, name }: { tenant: string; name?: string }) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState<HTMLAudioElement | null>(null);
  return (
    <Button
      disabled={!name}
      aria-label={t(playing ? 'ivr.stopPrompt' : 'ivr.playPrompt', { name: name ?? '' })}
      onClick={() => {
        if (playing) {
          playing.pause();
          setPlaying(null);
          return;
        }
        const a = new Audio(`/api/v1/tenants/${encodeURIComponent(tenant)}/prompts/${encodeURIComponent(name!)}/audio`);
        a.onended = () => setPlaying(null);
        void a.play().catch(() => setPlaying(null));
        setPlaying(a);
      }}
    >
      {playing ? t('ivr.stop') : t('ivr.play')}
    </Button>
  );
}

