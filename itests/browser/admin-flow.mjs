// The administration console in a real browser, against a distribution AdminBrowserIT provisioned: the operator's
// companies (wizard, suspend/resume with a reason, status filter, seat map), then the new company's administrator in
// Chinese (team, queue, agent with phone and skills), server errors shown on their fields, no other tenant's objects
// on any list page, axe-core on each page.
import { axeCheck, cfg, check, choose, person, results, run, settled, shot, signIn } from './harness.mjs';
import { writeFileSync } from 'node:fs';

// refusals the flow provokes on purpose: a taken company id (409), an unknown routing strategy and a malformed SIP
// user name (400), another company's users (403/404), no session yet (401); the browser logs each as a failed resource
const REFUSED = /Failed to load resource: the server responded with a status of (400|401|403|404|409)/;

/** The other company's objects never show on a page of this one. */
async function noneOf(page, what, names) {
  const text = await page.locator('main, .ant-layout-content').first().innerText();
  const leaked = names.filter((n) => text.includes(n));
  check(leaked.length === 0, `${what}: nothing of the other company (${leaked.join(', ')})`);
}

await run(async () => {
  // ---- the operator: the administration opens on the companies
  const op = await person('en-US', REFUSED);
  await signIn(op.page, cfg.operator.login, cfg.operator.password);
  await op.page.getByRole('menuitem', { name: 'Administration' }).click();
  await op.page.waitForURL('**/console/admin');
  const table = op.page.getByTestId('tenants-table');
  await table.getByText('北方外包 North BPO').waitFor();
  check(true, 'the operator sees the companies');
  await axeCheck(op.page, 'companies');
  await shot(op.page, 'admin-tenants-en');

  // ---- the wizard: a taken id is refused and shown on the id's step; then the company and its administrator
  await op.page.getByRole('button', { name: 'New company' }).click();
  const wizard = op.page.getByRole('dialog', { name: 'New company' });
  await wizard.getByLabel('Company id', { exact: true }).fill(cfg.other);
  await wizard.getByLabel('Name', { exact: true }).fill('华南外包 South BPO');
  await wizard.getByLabel('Contact person', { exact: true }).fill('陈经理 Manager Chen');
  await wizard.getByLabel('Contact e-mail', { exact: true }).fill('chen@south-bpo.example');
  await wizard.getByRole('button', { name: 'Next' }).click();
  // time zone and language: Asia/Shanghai and zh-CN are preset
  await wizard.getByText('Asia/Shanghai').waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Dedicated seats', { exact: true }).fill('5');
  await wizard.getByLabel('Shared seat allowance', { exact: true }).fill('2');
  await choose(op.page, wizard, 'Price plan', cfg.plan);
  // the plan's currency, and the billing profile saved with it
  await wizard.getByText('The plan is billed in CNY').waitFor();
  await wizard.getByLabel('Legal name on invoices', { exact: true }).fill('华南外包服务有限公司');
  await wizard.getByRole('button', { name: 'Next' }).click();
  // a required field left empty holds the wizard on its step
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByText('Required').first().waitFor();
  await wizard.getByLabel('User name', { exact: true }).fill(cfg.admin.username);
  await wizard.getByLabel('Display name', { exact: true }).fill('陈老板 Boss Chen');
  await wizard.getByLabel('Password', { exact: true }).fill(cfg.admin.password);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByTestId('wizard-review').getByText(`${cfg.admin.username}@${cfg.other}`).waitFor();
  await shot(op.page, 'admin-tenant-wizard-review-en');
  await wizard.getByRole('button', { name: 'Create company' }).click();
  await wizard.getByText(`tenant '${cfg.other}' already exists`).waitFor();
  check(await wizard.getByLabel('Company id', { exact: true }).isVisible(), 'a taken company id takes the wizard back to its step, the error on the field');
  await wizard.getByLabel('Company id', { exact: true }).fill(cfg.tenant);
  for (let i = 0; i < 4; i++) {
    await wizard.getByRole('button', { name: 'Next' }).click();
  }
  await wizard.getByRole('button', { name: 'Create company' }).click();
  await wizard.getByText('华南外包 South BPO is ready').waitFor();
  await wizard.getByText(`Its administrator signs in as ${cfg.admin.login}.`).waitFor();
  check(true, 'the wizard created the company and its administrator');
  await shot(op.page, 'admin-tenant-wizard-done-en');
  await wizard.getByRole('button', { name: 'Done' }).click();
  const row = table.getByRole('row').filter({ hasText: 'south-bpo' });
  await row.getByText('Dedicated 0 / 5').waitFor();
  await row.getByText('Shared 0 / 2').waitFor();
  check((await row.innerText()).includes(cfg.plan), 'the new company is listed with its seats and plan');

  // ---- suspend the other company with a reason, find it under Suspended (filtered by the server), resume it
  await op.page.getByRole('button', { name: 'Suspend 北方外包 North BPO' }).click();
  const suspend = op.page.getByRole('dialog', { name: 'Suspend 北方外包 North BPO' });
  await settled(op.page);
  await suspend.getByRole('button', { name: 'Suspend' }).click();
  await suspend.getByText('Required').waitFor();
  await suspend.getByLabel('Reason (kept in the audit trail)').fill('合同到期未续费 contract lapsed');
  await suspend.getByRole('button', { name: 'Suspend' }).click();
  await suspend.waitFor({ state: 'detached' });
  const statusFilter = op.page.locator('.ant-radio-group');
  await statusFilter.getByText('Suspended', { exact: true }).click();
  await table.getByText('北方外包 North BPO').waitFor();
  await op.page.waitForFunction(() => !document.querySelector('[data-testid=tenants-table]')?.innerText.includes('south-bpo'));
  check(true, 'the status filter lists the suspended company only');
  await op.page.getByRole('button', { name: 'Resume 北方外包 North BPO' }).click();
  await op.page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
  await op.page.getByText('北方外包 North BPO is active again').waitFor();
  await statusFilter.getByText('All', { exact: true }).click();
  await table.getByText('south-bpo').waitFor();
  check(true, 'suspended with a reason and resumed');

  // ---- the seat map: the new company's five dedicated seats, all free; the shared pool
  await op.page.getByRole('menuitem', { name: 'Seat map' }).click();
  const seats = op.page.getByTestId(`seats-${cfg.tenant}`);
  await seats.locator('[data-seat]').first().waitFor();
  const tiles = await seats.locator('[data-seat]').count();
  check(tiles === 5, `the seat map shows the company's 5 dedicated seats (${tiles})`);
  check((await seats.locator('[data-taken=true]').count()) === 0, 'all of them free');
  await op.page.getByText('Seats in the pool').waitFor();
  await axeCheck(op.page, 'seat map');
  await shot(op.page, 'admin-seats-en');

  // ---- the operator gives the new company a number
  await op.page.getByRole('menuitem', { name: 'Numbers' }).click();
  await op.page.getByRole('button', { name: 'Assign a number' }).click();
  const assign = op.page.getByRole('dialog', { name: 'Assign a number' });
  await assign.getByLabel('Number', { exact: true }).fill(cfg.did);
  await choose(op.page, assign, 'Company', `华南外包 South BPO (${cfg.tenant})`);
  await assign.getByRole('button', { name: 'Save' }).click();
  await assign.waitFor({ state: 'detached' });
  const didRow = op.page.getByTestId('numbers-table').getByRole('row').filter({ hasText: cfg.did });
  await didRow.getByText(cfg.tenant).waitFor();
  check(true, 'the number is assigned to the new company');
  await axeCheck(op.page, 'numbers');

  // ---- the operator's users, the audit trail (the suspension's reason in the other company's log), system status
  // a second carrier's trunk, added and switched off
  await op.page.getByRole('menuitem', { name: 'Trunks' }).click();
  await op.page.getByTestId('trunks-table').getByText('south-carrier').waitFor();
  await op.page.getByRole('button', { name: 'New trunk' }).click();
  const trunkDrawer = op.page.getByRole('dialog', { name: 'New trunk' });
  await trunkDrawer.getByLabel('Name', { exact: true }).fill('backup-carrier');
  await trunkDrawer.getByLabel('Host', { exact: true }).fill('192.0.2.10');
  await trunkDrawer.getByRole('switch', { name: 'In service' }).click();
  await trunkDrawer.getByRole('button', { name: 'Save' }).click();
  await trunkDrawer.waitFor({ state: 'detached' });
  await op.page.getByTestId('trunks-table').getByRole('row').filter({ hasText: 'backup-carrier' }).getByText('switched off').waitFor();
  check(true, 'a trunk added, switched off');
  await axeCheck(op.page, 'trunks');
  await op.page.getByRole('menuitem', { name: 'Operator users' }).click();
  await op.page.getByTestId('operator-users-table').getByRole('row').filter({ hasText: 'Billing staff' }).getByText(cfg.billing.login, { exact: true }).first().waitFor();
  await axeCheck(op.page, 'operator users');
  await op.page.getByRole('menuitem', { name: 'Audit log' }).click();
  await op.page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
  await choose(op.page, op.page, 'Whose entries', `北方外包 North BPO (${cfg.other})`);
  await op.page.getByTestId('audit-table').getByText('合同到期未续费 contract lapsed', { exact: false }).first().waitFor();
  check(true, "the company's audit trail has the suspension with its reason");
  // filtered on the server: actions starting "tenant.s" (the suspension), then a word found nowhere
  const auditFilter = op.page.getByTestId('audit-filter');
  await auditFilter.getByLabel('Action', { exact: true }).fill('tenant.s');
  await auditFilter.getByRole('button', { name: 'Filter' }).click();
  // the table shows the filtered page once the server answered (the previous rows stay until then)
  const filtered = await op.page
    .waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid=audit-table] tbody tr td:nth-child(3)')].map((c) => c.textContent ?? '');
      return cells.length > 0 && cells.every((c) => c.startsWith('tenant.s'));
    }, null, { timeout: 15_000 })
    .then(() => true, () => false);
  const actions = await op.page.getByTestId('audit-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
  check(filtered, `the audit log filtered by action on the server (${actions})`);
  await shot(op.page, 'admin-audit-en');
  await auditFilter.getByLabel('Target or detail', { exact: true }).fill('no-such-words');
  await auditFilter.getByRole('button', { name: 'Filter' }).click();
  await op.page.getByTestId('audit-table').getByText('No data').or(op.page.getByTestId('audit-table').locator('.ant-empty')).first().waitFor();
  check(true, 'a filter matching nothing shows an empty trail');
  await axeCheck(op.page, 'audit log');
  // the operator's own DNC list: a number no company may call
  await op.page.getByRole('menuitem', { name: 'Global lists' }).click();
  await op.page.getByRole('button', { name: 'Add a number' }).first().click();
  const opNumber = op.page.getByRole('dialog', { name: 'Add a number to the DNC list' });
  await opNumber.getByLabel('Number', { exact: true }).fill('13900139999');
  await opNumber.getByLabel('Reason', { exact: true }).fill('regulator complaint');
  await opNumber.getByRole('button', { name: 'Save' }).click();
  await opNumber.waitFor({ state: 'detached' });
  await op.page.getByTestId('dnc-table').getByText('regulator complaint').waitFor();
  check(true, "a number on the operator's DNC list");
  await axeCheck(op.page, 'operator DNC and blacklist');
  await op.page.getByRole('menuitem', { name: 'System status' }).click();
  await op.page.getByTestId('system-status').getByText('UP', { exact: true }).waitFor();
  await op.page.getByTestId('plugins-table').waitFor();
  check(true, 'system status shows the API up and the plug-ins');
  await axeCheck(op.page, 'system status');
  await op.page.getByRole('button', { name: 'Sign out' }).click();

  // ---- the company's administrator, in Chinese: its own pages only
  const admin = await person('zh-CN', REFUSED);
  await signIn(admin.page, cfg.admin.login, cfg.admin.password);
  await admin.page.getByRole('menuitem', { name: '管理' }).click();
  const menu = admin.page.getByRole('navigation', { name: '管理' });
  await menu.getByRole('menuitem', { name: '用户', exact: true }).waitFor(); // drawn once the administration's chunk is in
  const entries = await menu.getByRole('menuitem').allInnerTexts();
  check(entries.length > 5 && !entries.includes('租户公司'), `the administrator has no operator pages (${entries})`);

  // a team
  await menu.getByRole('menuitem', { name: '班组' }).click();
  await admin.page.getByRole('button', { name: '新建班组' }).click();
  let drawer = admin.page.getByRole('dialog', { name: '新建班组' });
  await drawer.getByLabel('名称', { exact: true }).fill('一组 Team One');
  await drawer.getByRole('button', { name: '保存' }).click();
  await admin.page.getByTestId('teams-table').getByText('一组 Team One').waitFor();
  await noneOf(admin.page, 'teams', ['北方班组']);
  await axeCheck(admin.page, 'teams (zh)');

  // a queue: an unknown routing strategy is refused on its field, nothing saved; then saved
  await menu.getByRole('menuitem', { name: '队列' }).click();
  await admin.page.getByTestId('queues-table').waitFor();
  await noneOf(admin.page, 'queues', ['north-secret', '北方队列']);
  await admin.page.getByRole('button', { name: '新建队列' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建队列' });
  await drawer.getByLabel('队列标识', { exact: true }).fill('support');
  await drawer.getByLabel('名称', { exact: true }).fill('售后支持 Support');
  const strategy = drawer.getByRole('combobox', { name: '路由策略' });
  await strategy.fill('最快 fastest');
  await strategy.press('Escape');
  await drawer.getByRole('button', { name: '添加技能' }).click();
  await drawer.getByLabel('技能 1', { exact: true }).fill('support');
  await drawer.getByLabel('技能 1 的等级', { exact: true }).fill('3');
  await drawer.getByRole('button', { name: '保存' }).click();
  await drawer.getByText('strategy must be one of').waitFor();
  check(true, "the server's refusal of the strategy shows on the strategy field");
  await shot(admin.page, 'admin-queue-error-zh');
  await strategy.fill('best-skill-level');
  await strategy.press('Escape');
  await drawer.getByRole('button', { name: '保存' }).click();
  await drawer.waitFor({ state: 'detached' });
  const queueRow = admin.page.getByTestId('queues-table').getByRole('row').filter({ hasText: '售后支持 Support' });
  await queueRow.getByText('support ≥ 3').waitFor();
  check((await queueRow.innerText()).includes('best-skill-level'), 'the queue is saved with its skills and strategy');
  await axeCheck(admin.page, 'queues (zh)');
  await shot(admin.page, 'admin-queues-zh');

  // an agent with team, phone and two skills; a malformed SIP user name leaves the user created and the error on the
  // field, and the next Save saves the phone only
  await menu.getByRole('menuitem', { name: '用户' }).click();
  await admin.page.getByTestId('users-table').getByText(cfg.admin.login).waitFor();
  await noneOf(admin.page, 'users', ['olga', '北方 Olga']);
  await admin.page.getByRole('button', { name: '新建用户' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建用户' });
  await drawer.getByLabel('用户名', { exact: true }).fill('li');
  await drawer.getByLabel('显示名称', { exact: true }).fill('李四 Li Si');
  await drawer.getByLabel('密码', { exact: true }).fill('Agent-pass-1');
  await choose(admin.page, drawer, '班组', '一组 Team One');
  await drawer.getByLabel('SIP 用户名', { exact: true }).fill('li li');
  await drawer.getByLabel('SIP 密码', { exact: true }).fill('Sip-li-pass-1');
  await drawer.getByLabel('固定地址', { exact: true }).fill(cfg.agentContact);
  await drawer.getByRole('button', { name: '添加技能' }).click();
  await drawer.getByLabel('技能 1', { exact: true }).fill('support');
  await drawer.getByLabel('技能 1 的等级', { exact: true }).fill('5');
  await drawer.getByRole('button', { name: '添加技能' }).click();
  await drawer.getByLabel('技能 2', { exact: true }).fill('粤语');
  await drawer.getByLabel('技能 2 的等级', { exact: true }).fill('3');
  await drawer.getByRole('button', { name: '保存' }).click();
  await drawer.getByText('sipUser must be letters').waitFor();
  await drawer.getByText('li@south-bpo 已创建，但话机未保存').waitFor();
  check(true, 'a refused SIP user name shows on its field; the user is created, the phone not');
  await shot(admin.page, 'admin-user-error-zh');
  await drawer.getByLabel('SIP 用户名', { exact: true }).fill('li');
  await drawer.getByRole('button', { name: '保存' }).click();
  await drawer.waitFor({ state: 'detached' });
  const userRow = admin.page.getByTestId('users-table').getByRole('row').filter({ hasText: '李四 Li Si' });
  await userRow.getByText(`${cfg.tenant}.li`).waitFor();
  const rowText = await userRow.innerText();
  check(rowText.includes('support 5') && rowText.includes('粤语 3') && rowText.includes('一组 Team One'), `the agent is listed with team, phone and skills (${rowText})`);
  await axeCheck(admin.page, 'users (zh)');
  await shot(admin.page, 'admin-users-zh');

  // the company's own seat map: five seats, no other company's
  await menu.getByRole('menuitem', { name: '坐席图' }).click();
  await admin.page.getByTestId(`seats-${cfg.tenant}`).locator('[data-seat]').first().waitFor();
  check((await admin.page.locator('[data-testid^=seats-]').count()) === 1, 'the administrator sees only its own seats');
  await noneOf(admin.page, 'seats', [cfg.other]);
  await axeCheck(admin.page, 'seat map (zh)');
  await shot(admin.page, 'admin-seats-zh');

  // a prompt of its own, uploaded as WAV; the built-in ones listed beside it
  await menu.getByRole('menuitem', { name: '语音提示' }).click();
  await admin.page.getByTestId('prompts-table').getByText('beep', { exact: true }).waitFor();
  await admin.page.getByRole('button', { name: '上传语音提示' }).click();
  const upload = admin.page.getByRole('dialog', { name: '上传语音提示' });
  await upload.locator('input[type=file]').setInputFiles(cfg.wav);
  await upload.getByLabel('名称', { exact: true }).fill('welcome-zh');
  await upload.getByRole('button', { name: '上传', exact: true }).click();
  await upload.waitFor({ state: 'detached' });
  await admin.page.getByTestId('prompts-table').getByText('welcome-zh').waitFor();
  check(await admin.page.getByRole('button', { name: '播放语音提示 welcome-zh' }).isEnabled(), 'the uploaded prompt is listed, with Play');
  await axeCheck(admin.page, 'prompts (zh)');

  // the IVR designer: a menu whose closed branch loops back to itself is refused, the error drawn on that node;
  // pointed at a hang-up instead, it saves
  await menu.getByRole('menuitem', { name: 'IVR 设计' }).click();
  await admin.page.getByRole('button', { name: '新建菜单' }).click();
  const naming = admin.page.getByRole('dialog', { name: '新建菜单' });
  await naming.getByLabel('菜单标识', { exact: true }).fill('hotline');
  await naming.getByRole('button', { name: '创建' }).click();
  await naming.waitFor({ state: 'detached' });
  const graph = admin.page.getByRole('group', { name: '菜单的节点及其去向' });
  await graph.locator('[data-node=main]').waitFor();
  // the menu of node types: opened once the last one has finished closing (a closing menu still in the page took the
  // click once, and the node was not added), the type picked in the open one, the new node awaited in the drawing
  const addNode = async (type, name) => {
    await admin.page.waitForFunction(() => [...document.querySelectorAll('.ant-dropdown')].every((e) => e.classList.contains('ant-dropdown-hidden')));
    await admin.page.getByRole('button', { name: '添加节点' }).click();
    await admin.page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByRole('menuitem', { name: type, exact: true }).click();
    await graph.locator(`[data-node=${name}]`).waitFor();
  };
  const editor = admin.page.locator('.ant-card').filter({ has: admin.page.getByText(/^节点 /) });
  await addNode('队列', 'queue1');
  await choose(admin.page, editor, '队列', '售后支持 Support (support)');
  await addNode('营业时间', 'hours1');
  await choose(admin.page, editor, '营业', 'queue1');
  await choose(admin.page, editor, '休息', 'hours1');
  await addNode('挂机', 'hangup1');
  await graph.locator('[data-node=main]').click();
  await editor.getByRole('button', { name: '添加按键' }).click();
  await editor.getByLabel('按键 1', { exact: true }).fill('1');
  await choose(admin.page, editor, '第 1 行的去向', 'hours1');
  await editor.getByRole('button', { name: '添加按键' }).click();
  await editor.getByLabel('按键 2', { exact: true }).fill('2');
  await choose(admin.page, editor, '第 2 行的去向', 'queue1');
  await admin.page.getByRole('button', { name: '保存菜单' }).click();
  await admin.page.getByTestId('ivr-error').getByText('loop forever').waitFor();
  await graph.locator('[data-node=hours1][data-error=true]').waitFor();
  check(true, 'a loop without input is refused and drawn on its node');
  await shot(admin.page, 'admin-ivr-error-zh');
  await choose(admin.page, editor, '休息', 'hangup1');
  await admin.page.getByRole('button', { name: '保存菜单' }).click();
  await admin.page.getByText('菜单 hotline 已保存').waitFor();
  check((await graph.locator('[data-error=true]').count()) === 0, 'the corrected menu saves, no node in error');
  await axeCheck(admin.page, 'IVR designer (zh)');
  await shot(admin.page, 'admin-ivr-zh');

  // the number routed to the menu
  await menu.getByRole('menuitem', { name: '号码' }).click();
  await admin.page.getByRole('button', { name: `设置号码 ${cfg.did} 的路由` }).click();
  const route = admin.page.getByRole('dialog', { name: `设置号码 ${cfg.did} 的路由` });
  await route.getByText('IVR 菜单', { exact: true }).first().click();
  await choose(admin.page, route, 'IVR 菜单', 'hotline');
  await choose(admin.page, route, '队列', '售后支持 Support (support)');
  await route.getByRole('button', { name: '保存' }).click();
  await route.waitFor({ state: 'detached' });
  await admin.page.getByTestId('numbers-table').getByText('IVR hotline').waitFor();
  check(true, 'the number goes to the IVR menu');
  await axeCheck(admin.page, 'numbers (zh)');

  // business hours: a malformed range is refused on its day; Saturday 10-16 saves
  await menu.getByRole('menuitem', { name: '营业时间' }).click();
  await admin.page.getByLabel('星期日', { exact: true }).fill('全天');
  await admin.page.getByRole('button', { name: '保存' }).click();
  await admin.page.getByText("'全天' is not a range like 09:00-18:00").waitFor();
  await admin.page.getByLabel('星期日', { exact: true }).fill('');
  await admin.page.getByLabel('星期六', { exact: true }).fill('10:00-16:00');
  await admin.page.getByRole('button', { name: '保存' }).click();
  await admin.page.getByText('已保存', { exact: true }).first().waitFor();
  check(true, 'business hours refuse a bad range on its day and save a good one');
  await axeCheck(admin.page, 'business hours (zh)');

  // recording policy: a 30 % sample, kept 180 days, in stereo
  await menu.getByRole('menuitem', { name: '录音策略' }).click();
  await choose(admin.page, admin.page, '录音范围', '抽样通话');
  await admin.page.getByLabel('录音比例', { exact: true }).fill('30');
  await admin.page.getByLabel('录音保留', { exact: true }).fill('180');
  await admin.page.getByRole('button', { name: '保存', exact: true }).click();
  await admin.page.getByText('已保存', { exact: true }).first().waitFor();
  await axeCheck(admin.page, 'recording policy (zh)');

  // dispositions: a malformed code is refused on its row, then saved
  await menu.getByRole('menuitem', { name: '通话结果' }).click();
  const outcomes = admin.page.getByTestId('dispositions');
  await outcomes.getByRole('button', { name: '添加代码' }).click();
  const rows = await outcomes.getByLabel(/^代码 \d+$/).count();
  await outcomes.getByLabel(`代码 ${rows}`, { exact: true }).fill('Bad Code!');
  await outcomes.getByLabel(`名称 ${rows}`, { exact: true }).fill('续保成功 Renewed');
  await outcomes.getByRole('button', { name: '保存', exact: true }).click();
  await outcomes.getByText('code: 1-64 of a-z 0-9 _ -').first().waitFor();
  await outcomes.getByLabel(`代码 ${rows}`, { exact: true }).fill('renewed');
  await outcomes.getByRole('button', { name: '保存', exact: true }).click();
  await admin.page.getByText('已保存', { exact: true }).first().waitFor();
  check(true, 'a malformed disposition code is refused on its row, then saved');
  // a not-ready reason of the company's own, beside Seatline's
  const reasons = admin.page.getByTestId('reason-codes');
  await reasons.getByRole('button', { name: '添加原因' }).click();
  const reasonRows = await reasons.getByLabel(/^原因代码 \d+$/).count();
  await reasons.getByLabel(`原因代码 ${reasonRows}`, { exact: true }).fill('coaching');
  await reasons.getByLabel(`原因名称 ${reasonRows}`, { exact: true }).fill('辅导 Coaching');
  await admin.page.locator('.ant-message-notice').first().waitFor({ state: 'detached' }); // the outcomes' "saved" gone first
  await reasons.getByRole('button', { name: '保存', exact: true }).click();
  await admin.page.getByText('已保存', { exact: true }).first().waitFor();
  check(true, 'a not-ready reason added');
  await axeCheck(admin.page, 'dispositions (zh)');

  // DNC and blacklist
  await menu.getByRole('menuitem', { name: '免打扰和黑名单' }).click();
  await admin.page.getByRole('button', { name: '添加号码' }).first().click();
  let numberDialog = admin.page.getByRole('dialog', { name: '将号码加入免打扰名单' });
  await numberDialog.getByLabel('号码', { exact: true }).fill('13900139009');
  await numberDialog.getByLabel('原因', { exact: true }).fill('客户要求 customer asked');
  await numberDialog.getByRole('button', { name: '保存' }).click();
  await numberDialog.waitFor({ state: 'detached' });
  await admin.page.getByTestId('dnc-table').getByText('客户要求 customer asked').waitFor();
  // the DNC list is searched on the server, by any digits of a number
  const findNumber = admin.page.getByLabel('查找号码（号码中的任意数字）', { exact: true });
  await findNumber.fill('55555555');
  await findNumber.press('Enter');
  await admin.page.getByTestId('dnc-table').getByText('客户要求 customer asked').waitFor({ state: 'detached' });
  await findNumber.fill('0139009');
  await findNumber.press('Enter');
  await admin.page.getByTestId('dnc-table').getByText('客户要求 customer asked').waitFor();
  check(true, 'a number found on the DNC list by a part of its digits, and not by others');
  await admin.page.getByRole('button', { name: '添加号码' }).nth(1).click();
  numberDialog = admin.page.getByRole('dialog', { name: '屏蔽来电号码' });
  await numberDialog.getByLabel('号码', { exact: true }).fill('13700137000');
  await numberDialog.getByLabel('备注', { exact: true }).fill('骚扰电话 nuisance');
  await numberDialog.getByRole('button', { name: '保存' }).click();
  await numberDialog.waitFor({ state: 'detached' });
  await admin.page.getByTestId('blacklist-table').getByText('骚扰电话 nuisance').waitFor();
  check(true, 'a number added to the DNC list and a caller blocked');
  await axeCheck(admin.page, 'DNC and blacklist (zh)');

  // customers: one added, then found by a word of its name; none of the other company's
  await menu.getByRole('menuitem', { name: '客户', exact: true }).click();
  await admin.page.getByRole('button', { name: '新建客户' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建客户' });
  await drawer.getByLabel('姓名', { exact: true }).fill('陈大文 Chan Tai-man');
  await drawer.getByLabel('电话', { exact: true }).fill('13700137001');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  const findCustomer = admin.page.getByLabel('搜索客户', { exact: true });
  const customerRows = admin.page.getByTestId('customers-table').locator('tbody tr.ant-table-row');
  await findCustomer.fill('大文');
  await findCustomer.press('Enter');
  await admin.page.getByTestId('customers-table').getByText('陈大文 Chan Tai-man').waitFor();
  check(true, 'the administrator adds a customer and finds it by a word of its name');
  // by its phone, written as people write it; a number that is nobody's finds nobody
  await choose(admin.page, admin.page, '搜索依据', '电话');
  await findCustomer.fill('137 0013 7009');
  await findCustomer.press('Enter');
  await admin.page.getByTestId('customers-table').getByText('陈大文 Chan Tai-man').waitFor({ state: 'detached' });
  await findCustomer.fill('137 0013 7001');
  await findCustomer.press('Enter');
  await admin.page.getByTestId('customers-table').getByText('陈大文 Chan Tai-man').waitFor();
  check((await customerRows.count()) === 1, 'the administrator finds the customer by its phone number, and only it');
  await choose(admin.page, admin.page, '搜索依据', '姓名');
  await findCustomer.press('Enter');
  await admin.page.getByTestId('customers-table').getByText('陈大文 Chan Tai-man').waitFor();
  // sorted on the server: a click on a column's header asks for that order, a second for the reverse
  const nameHeader = admin.page.getByTestId('customers-table').getByRole('columnheader', { name: /^姓名/ });
  let asked = admin.page.waitForRequest((r) => /\/customers\?.*sort=name(&|$)/.test(r.url()));
  await nameHeader.click();
  await asked;
  asked = admin.page.waitForRequest((r) => /\/customers\?.*sort=-name(&|$)/.test(r.url()));
  await nameHeader.click();
  await asked;
  check((await nameHeader.getAttribute('aria-sort')) === 'descending', 'customers sorted by name on the server, both ways, the header showing the order');
  await noneOf(admin.page, 'customers', ['北方客户']);
  await axeCheck(admin.page, 'customers (zh)');

  // the customers' own fields: a member number, then asked in the customer's drawer
  await admin.page.getByRole('tab', { name: '自定义字段' }).click();
  const defs = admin.page.getByTestId('customer-fields');
  await defs.getByRole('button', { name: '添加字段' }).click();
  await defs.getByLabel('字段标识 1', { exact: true }).fill('member_no');
  await defs.getByLabel('字段名称 1', { exact: true }).fill('会员号');
  await defs.getByRole('button', { name: '保存', exact: true }).click();
  await admin.page.getByText('已保存').first().waitFor();
  await axeCheck(admin.page, 'customer fields (zh)');
  await admin.page.getByRole('tab', { name: '客户', exact: true }).click();
  await admin.page.getByTestId('customers-table').getByRole('button', { name: '打开 陈大文 Chan Tai-man' }).click();
  drawer = admin.page.getByRole('dialog', { name: '陈大文 Chan Tai-man' });
  await drawer.getByLabel('会员号', { exact: true }).fill('M-0001');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  check(true, "a customer field defined, then filled in a customer's drawer");

  // a call script for the support queue: a variable that does not exist is refused on its step; the preview runs the
  // script with sample values, its option leading to the next step
  await menu.getByRole('menuitem', { name: '话术' }).click();
  await admin.page.getByRole('button', { name: '新建话术' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建话术' });
  await drawer.getByLabel('标识', { exact: true }).fill('support-script');
  await drawer.getByLabel('标题', { exact: true }).fill('售后话术 Support');
  await choose(admin.page, drawer, '队列', '售后支持 Support (support)');
  await drawer.getByLabel('第 1 步的话术').fill('您好，${customer.nickname}，我是${agent.name}。');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.getByText('unknown variable ${customer.nickname}', { exact: false }).waitFor();
  check(true, 'an unknown variable is refused on its step');
  await drawer.getByLabel('第 1 步的话术').fill('您好，${customer.name}，您的会员号是 ${customer.fields.member_no}。');
  const preview = drawer.getByTestId('script-preview');
  await preview.getByText('您好，王小明，您的会员号是 ‹会员号›。').waitFor();
  await preview.getByRole('button', { name: '继续' }).click();
  await preview.getByText('感谢您的来电，再见。').waitFor();
  check(true, "the preview fills the variables and follows the option's branch");
  await axeCheck(admin.page, 'script editor (zh)');
  await shot(admin.page, 'admin-script-zh');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  await admin.page.getByTestId('scripts-table').getByText('售后话术 Support').waitFor();

  // the knowledge base: an article written, then changed (its second version), the first one kept
  await menu.getByRole('menuitem', { name: '知识库' }).click();
  await admin.page.getByRole('button', { name: '新建文章' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建文章' });
  await drawer.getByLabel('分类', { exact: true }).fill('售后');
  await drawer.getByLabel('标题', { exact: true }).fill('退货政策 Returns');
  await drawer.getByLabel('正文', { exact: true }).fill('收到商品 7 天内可无理由退货。');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  await admin.page.getByTestId('kb-table').getByRole('button', { name: '编辑 退货政策 Returns' }).click();
  drawer = admin.page.getByRole('dialog', { name: '编辑 退货政策 Returns' });
  await drawer.getByLabel('正文', { exact: true }).fill('收到商品 15 天内可无理由退货。');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  await admin.page.getByTestId('kb-table').getByRole('button', { name: '编辑 退货政策 Returns' }).click();
  drawer = admin.page.getByRole('dialog', { name: '编辑 退货政策 Returns' });
  await drawer.getByRole('tab', { name: '版本（2）' }).click();
  await drawer.getByTestId('kb-versions').getByText('收到商品 7 天内可无理由退货。').waitFor();
  check(true, 'the article has its two versions, the first one kept');
  await axeCheck(admin.page, 'knowledge base (zh)');
  await drawer.getByRole('button', { name: 'Close' }).or(drawer.getByRole('button', { name: '关闭' })).first().click();
  await noneOf(admin.page, 'knowledge base', ['北方知识']);

  // an API token: its secret shown once, then revoked
  await menu.getByRole('menuitem', { name: 'API 令牌' }).click();
  await admin.page.getByRole('button', { name: '签发令牌' }).click();
  const issuing = admin.page.getByRole('dialog', { name: '签发令牌' });
  await issuing.getByLabel('名称', { exact: true }).fill('CRM 同步');
  await issuing.getByRole('button', { name: '签发', exact: true }).click();
  const issued = admin.page.getByRole('dialog', { name: '令牌 CRM 同步 已签发' });
  const secret = (await issued.getByTestId('token-secret').innerText()).trim();
  check(secret.length >= 20, 'the secret is shown once');
  const me = await admin.page.evaluate(async ([tenant, token]) => (await fetch(`/api/v1/tenants/${tenant}/tokens`, { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } })).status, [cfg.tenant, secret]);
  check(me === 200, `the secret works as a Bearer token (${me})`);
  await issued.getByRole('button', { name: '我已复制' }).click();
  await admin.page.getByTestId('tokens-table').getByRole('button', { name: '吊销 CRM 同步' }).click();
  await admin.page.getByRole('dialog').filter({ hasText: '无法撤销' }).getByRole('button', { name: '吊销' }).click();
  await admin.page.getByTestId('tokens-table').getByText('已吊销').waitFor();
  const after = await admin.page.evaluate(async ([tenant, token]) => (await fetch(`/api/v1/tenants/${tenant}/tokens`, { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } })).status, [cfg.tenant, secret]);
  check(after === 401, `a revoked token is refused (${after})`);
  await axeCheck(admin.page, 'API tokens (zh)');

  // the company's own bills: none yet; none of the other company's
  await menu.getByRole('menuitem', { name: '我的账单' }).click();
  await admin.page.getByTestId('company-invoices').waitFor();
  await noneOf(admin.page, 'our invoices', ['北方外包有限公司']);
  await axeCheck(admin.page, 'our invoices (zh)');

  // tickets: the administrator's categories (a key given twice is refused on the second's row, nothing saved), then a
  // ticket worked from the page: an internal comment, a file, assigned to li, dispatched to an outside department
  // (its link shown), resolved; its trail tells all of it; none of the other company's tickets
  await menu.getByRole('menuitem', { name: '工单', exact: true }).click();
  await admin.page.getByRole('tab', { name: '类别' }).click();
  const cats = admin.page.getByTestId('ticket-categories');
  for (const [key, label] of [['complaint', '投诉 Complaint'], ['complaint', '报修 Repair']]) {
    await cats.getByRole('button', { name: '添加类别' }).click();
    const row = cats.getByTestId('ticket-category').last();
    await row.getByLabel('标识', { exact: true }).fill(key);
    await row.getByLabel('名称', { exact: true }).fill(label);
  }
  await cats.getByTestId('ticket-category').first().getByRole('button', { name: '添加字段' }).click();
  await cats.getByTestId('ticket-category').first().getByLabel('字段标识 1', { exact: true }).fill('order');
  await cats.getByTestId('ticket-category').first().getByLabel('字段名称 1', { exact: true }).fill('订单号');
  await cats.getByTestId('ticket-category').first().getByText('必填', { exact: true }).click();
  await cats.getByRole('button', { name: '保存', exact: true }).click();
  const second = cats.getByTestId('ticket-category').nth(1);
  await second.getByText('a category name is 1-64 of a-z 0-9 _ -, once').waitFor();
  check(true, 'a category key given twice is refused on the second row');
  await second.getByLabel('标识', { exact: true }).fill('repair');
  await cats.getByRole('button', { name: '保存', exact: true }).click();
  await admin.page.getByText('已保存').first().waitFor();
  await axeCheck(admin.page, 'ticket categories (zh)');
  await admin.page.getByRole('tab', { name: '工单', exact: true }).click();
  await admin.page.getByRole('button', { name: '新建工单' }).click();
  const newTicket = admin.page.getByRole('dialog', { name: '新建工单' });
  await choose(admin.page, newTicket, '工单类别', '投诉 Complaint · 时限 24 小时');
  await newTicket.getByLabel('标题', { exact: true }).fill('宽带断网 No broadband');
  await newTicket.getByLabel('订单号', { exact: true }).fill('DD-2027-001');
  await newTicket.getByRole('button', { name: '创建' }).click();
  await newTicket.waitFor({ state: 'detached' });
  const tickets = admin.page.getByTestId('tickets-table');
  await tickets.getByText('宽带断网 No broadband').waitFor();
  await noneOf(admin.page, 'tickets', ['北方工单']);
  const number = (await tickets.getByRole('row').filter({ hasText: '宽带断网' }).locator('td').first().innerText()).trim();
  await tickets.getByRole('button', { name: `打开工单 ${number}` }).click();
  const ticket = admin.page.getByRole('dialog', { name: `${number} · 宽带断网 No broadband` });
  await ticket.getByText('DD-2027-001').waitFor();
  await ticket.getByLabel('备注', { exact: true }).fill('客户说光猫灯不亮 the modem light is off');
  await ticket.getByText('内部备注（外部部门看不到）').click();
  await ticket.getByRole('button', { name: '添加备注' }).click();
  await ticket.getByTestId('ticket-comments').getByText('客户说光猫灯不亮 the modem light is off').waitFor();
  await ticket.getByRole('tab', { name: /附件/ }).click();
  await ticket.locator('input[type=file]').setInputFiles(cfg.csv);
  await ticket.getByTestId('ticket-files').getByText('june.csv').waitFor();
  check(true, 'an internal comment and a file added to the ticket');
  // the article that helped, found by a word of its title and linked to the ticket
  await ticket.getByRole('tab', { name: '知识库' }).click();
  const articleBox = ticket.getByRole('combobox', { name: '关联知识库文章（搜索）' });
  await articleBox.click();
  await articleBox.fill('退货');
  await admin.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('退货政策 Returns', { exact: true }).waitFor();
  await articleBox.press('Enter');
  await ticket.getByTestId('ticket-articles').getByText('退货政策 Returns').waitFor();
  check(true, 'a knowledge-base article found by a word and linked to the ticket');
  await ticket.getByTestId('ticket-actions').getByRole('button', { name: '编辑', exact: true }).click();
  const editing = admin.page.getByRole('dialog', { name: `编辑 ${number}` });
  await choose(admin.page, editing, '优先级', '紧急');
  await editing.getByRole('button', { name: '保存', exact: true }).click();
  await editing.waitFor({ state: 'detached' });
  await ticket.getByText('紧急', { exact: true }).first().waitFor();
  await ticket.getByRole('button', { name: '分派', exact: true }).click();
  const assigning = admin.page.getByRole('dialog', { name: `分派 ${number}` });
  await choose(admin.page, assigning, '处理人', '李四 Li Si (li)', { typed: '李四' });
  await assigning.getByRole('button', { name: '分派', exact: true }).click();
  await assigning.waitFor({ state: 'detached' });
  await ticket.getByText('李四 Li Si').first().waitFor();
  await ticket.getByRole('button', { name: '派发给部门' }).click();
  const dispatching = admin.page.getByRole('dialog', { name: `派发 ${number}` });
  await dispatching.getByLabel('部门', { exact: true }).fill('维修部');
  await dispatching.getByRole('button', { name: '派发给部门' }).click();
  const sent = admin.page.getByRole('dialog', { name: '已派发给维修部' });
  const link = await sent.getByTestId('dispatch-link').innerText();
  check(link.includes('/console/dispatch/'), `the dispatch shows the department's link to its page (${link})`);
  // the department opens it without a login (the link names the configured public address; here the test's own port)
  const dept = await person('zh-CN', REFUSED);
  await dept.page.goto(cfg.base + new URL(link).pathname);
  const deptTicket = dept.page.getByTestId('dispatched-ticket');
  await deptTicket.getByText('宽带断网 No broadband').first().waitFor();
  // its comments read (none it may see: the one there is internal) before the page is searched for it
  await dept.page.getByTestId('dispatched-comments').getByText('暂无备注').waitFor();
  check(!(await deptTicket.innerText()).includes('客户说光猫灯不亮'), "the department's page does not show the internal comment");
  // the category and its fields by the company's labels, not their internal keys
  await deptTicket.getByText('订单号', { exact: true }).waitFor();
  check((await deptTicket.innerText()).includes('投诉 Complaint'), "the department's page names the ticket's category and fields by their labels");
  await dept.page.getByLabel('您的回复').fill('已派师傅上门 a technician is on the way');
  await dept.page.getByRole('button', { name: '发送回复' }).click();
  await dept.page.getByTestId('dispatched-comments').getByText('已派师傅上门 a technician is on the way').waitFor();
  check(true, "the department replies on its page, without a login");
  await axeCheck(dept.page, "a department's ticket page (zh)");
  await shot(dept.page, 'dispatch-zh');
  await dept.context.close();
  await axeCheck(admin.page, 'ticket dispatched (zh)');
  await sent.getByRole('button', { name: '关闭' }).last().click(); // the footer's (the corner's cross is named 关闭 too)
  await ticket.getByRole('button', { name: '解决', exact: true }).click();
  const resolving = admin.page.getByRole('dialog', { name: `解决 ${number}` });
  await resolving.getByLabel('解决说明', { exact: true }).fill('已更换光猫 modem replaced');
  await resolving.getByRole('button', { name: '解决', exact: true }).click();
  await resolving.waitFor({ state: 'detached' });
  await ticket.getByText('已更换光猫 modem replaced').first().waitFor();
  await ticket.getByRole('tab', { name: '处理记录' }).click();
  const trailText = await ticket.getByTestId('ticket-trail').innerText();
  check(['创建', '备注', '附件', '分派', '派发', '已解决'].every((w) => trailText.includes(w)), `the trail tells the ticket's story (${trailText.slice(0, 400)})`);
  await shot(admin.page, 'admin-ticket-zh');
  await axeCheck(admin.page, 'ticket (zh)');
  await ticket.getByRole('button', { name: 'Close' }).or(ticket.getByRole('button', { name: '关闭' })).first().click();
  results.ticket = number;

  // a campaign, and its list imported from a CSV file with bad rows: the report lists each refused row with its reason,
  // and downloads them as a CSV file
  await menu.getByRole('menuitem', { name: '外呼活动' }).click();
  await admin.page.getByRole('button', { name: '新建外呼活动' }).click();
  drawer = admin.page.getByRole('dialog', { name: '新建外呼活动' });
  await drawer.getByLabel('活动标识', { exact: true }).fill('renewals');
  await drawer.getByLabel('名称', { exact: true }).fill('续保 Renewals');
  await choose(admin.page, drawer, '队列', '售后支持 Support (support)');
  await choose(admin.page, drawer, '坐席员', '李四 Li Si (li)');
  await drawer.getByRole('button', { name: '保存' }).click();
  await drawer.waitFor({ state: 'detached' });
  await admin.page.getByRole('button', { name: '续保 Renewals 的名单和数据' }).click();
  const detail = admin.page.getByRole('dialog', { name: '续保 Renewals' });
  await detail.getByTestId('campaign-figures').waitFor();
  await detail.getByRole('button', { name: '导入名单' }).click();
  const importing = admin.page.getByRole('dialog', { name: '导入名单' });
  await importing.locator('input[type=file]').setInputFiles(cfg.csv);
  await importing.getByText('june.csv（UTF-8）').waitFor();
  const mapping = importing.getByTestId('import-mapping');
  check((await mapping.getByRole('row').filter({ hasText: '电话' }).innerText()).includes('电话号码'), 'the phone column is mapped to the phone number');
  await importing.getByLabel('名单名称', { exact: true }).fill('june');
  await shot(admin.page, 'admin-import-mapping-zh');
  await importing.getByRole('button', { name: '导入', exact: true }).click();
  const report = importing.getByTestId('import-report');
  await report.getByRole('button', { name: '下载被拒绝的行（CSV）' }).waitFor();
  const reportText = await report.innerText();
  check(/已导入\s*2/.test(reportText) && /被拒绝\s*3/.test(reportText), `2 rows imported, 3 refused (${reportText.slice(0, 200)})`);
  const rejected = importing.getByTestId('import-rejected');
  check((await rejected.innerText()).includes('duplicate of +8613900139001'), 'the duplicate is refused with its reason');
  const [download] = await Promise.all([admin.page.waitForEvent('download'), report.getByRole('button', { name: '下载被拒绝的行（CSV）' }).click()]);
  const refused = (await (await download.createReadStream()).toArray()).map((b) => b.toString('utf8')).join('');
  check(refused.startsWith('\uFEFF行号,原因,内容') && refused.includes('not-a-number') && refused.split('\r\n').length === 5, `the refused rows download as CSV (${refused})`);
  await axeCheck(admin.page, 'list import report (zh)');
  await shot(admin.page, 'admin-import-report-zh');
  await importing.getByRole('button', { name: '完成' }).click();
  await detail.getByTestId('campaign-lists').getByText('june').waitFor();
  // the list's contacts: the two good rows, not dialled yet
  await detail.getByRole('button', { name: '名单明细 june' }).click();
  const contacts = admin.page.getByRole('dialog', { name: 'june 的联系人' });
  await contacts.getByTestId('list-contacts').getByText('未拨打').first().waitFor();
  check((await contacts.getByTestId('list-contacts').getByText('未拨打').count()) === 2, 'the imported list holds its two good contacts, not dialled yet');
  await axeCheck(admin.page, 'list contacts (zh)');
  await contacts.getByRole('button', { name: '关闭' }).or(contacts.getByRole('button', { name: 'Close' })).first().click();
  await contacts.waitFor({ state: 'detached' });
  // the list paused, then its unanswered contacts recycled (none yet: nothing was dialled)
  await detail.getByRole('button', { name: '暂停名单 june' }).click();
  await detail.getByTestId('campaign-lists').getByText('已暂停').waitFor();
  await detail.getByRole('button', { name: '回收名单 june' }).click();
  const recycling = admin.page.getByRole('dialog', { name: '回收名单 june' });
  await recycling.getByRole('button', { name: '回收', exact: true }).click();
  await admin.page.getByText('0 个联系人可重新拨打').waitFor();
  check(true, 'a list paused and its unanswered contacts recycled');
  await detail.getByRole('button', { name: 'Close' }).or(detail.getByRole('button', { name: '关闭' })).first().click();

  // another company's objects cannot be reached by address either
  const peek = await admin.page.evaluate(async (other) => (await fetch(`/api/v1/tenants/${other}/users`)).status, cfg.other);
  check(peek === 403 || peek === 404, `another company's users are refused (${peek})`);

  // ---- the operator's billing staff, in Chinese: preview last month for the other company, run it (its progress
  // shown), issue the draft, open its PDF
  const bill = await person('zh-CN', REFUSED);
  await signIn(bill.page, cfg.billing.login, cfg.billing.password);
  await bill.page.getByRole('menuitem', { name: '管理' }).click();
  const billMenu = bill.page.getByRole('navigation', { name: '管理' });
  await billMenu.getByRole('menuitem', { name: '客户账户' }).waitFor(); // drawn once the administration's chunk is in
  const billEntries = await billMenu.getByRole('menuitem').allInnerTexts();
  check(billEntries.join(',') === '出账,发票,资费方案,客户账户', `billing staff see billing pages only (${billEntries})`);
  const companies = bill.page.getByRole('combobox', { name: '公司' });
  await companies.fill(cfg.other);
  await companies.press('Enter');
  await companies.press('Escape');
  await bill.page.getByRole('button', { name: '预览', exact: true }).click();
  const previewCard = bill.page.getByTestId('billing-preview');
  await previewCard.getByText('北方外包有限公司').waitFor();
  const previewText = await previewCard.innerText();
  check(previewText.includes(cfg.period) && previewText.includes('¥1,590.00'), `the preview shows the company's invoice for the period (${previewText})`);
  await bill.page.getByRole('button', { name: '出账', exact: true }).click();
  const runCard = bill.page.getByTestId('billing-run');
  await runCard.getByRole('progressbar').waitFor();
  check(true, 'the run shows its progress');
  await runCard.getByText(/新建草稿 1 张/).waitFor();
  const draftsTable = bill.page.getByTestId('billing-drafts');
  await draftsTable.getByText('北方外包有限公司').waitFor();
  await shot(bill.page, 'billing-run-zh');
  await axeCheck(bill.page, 'billing run (zh)');
  await draftsTable.getByRole('button', { name: '开具 北方外包有限公司 的发票' }).click();
  await bill.page.getByText('北方外包有限公司 的发票已开具').waitFor();
  // the run is among the earlier runs, done
  const runRow = bill.page.getByTestId('billing-runs').getByRole('row').filter({ hasText: cfg.period }).first();
  await runRow.getByText('已完成').waitFor();
  check((await runRow.innerText()).includes('新建 1'), `the earlier runs list this run: done, one invoice made (${await runRow.innerText()})`);
  await billMenu.getByRole('menuitem', { name: '发票' }).click();
  const invoices = bill.page.getByTestId('invoices-table');
  await invoices.getByText('北方外包有限公司').first().click();
  const invoice = bill.page.getByRole('dialog').filter({ has: bill.page.getByTestId('invoice-lines') });
  await invoice.getByTestId('invoice-lines').getByRole('row').nth(1).waitFor();
  const pdfLink = invoice.getByTestId('invoice-pdf');
  const href = await pdfLink.getAttribute('href');
  const pdf = await bill.page.request.get(cfg.base + href);
  check(pdf.ok() && pdf.headers()['content-type']?.startsWith('application/pdf'), `the invoice opens as a PDF (${pdf.status()} ${pdf.headers()['content-type']})`);
  writeFileSync(cfg.pdf, await pdf.body());
  check((await pdfLink.getAttribute('target')) === '_blank', 'the PDF opens in a tab of its own');
  await axeCheck(bill.page, 'invoice (zh)');
  await shot(bill.page, 'billing-invoice-zh');
  await invoice.getByRole('button', { name: 'Close' }).or(invoice.getByRole('button', { name: '关闭' })).first().click();

  // the company's account: its profile, plan and fee as the billing staff set them up
  await billMenu.getByRole('menuitem', { name: '客户账户' }).click();
  await choose(bill.page, bill.page, '公司', `北方外包有限公司 (${cfg.other})`);
  await bill.page.getByTestId('subscriptions-table').getByText(cfg.plan).waitFor();
  await bill.page.getByTestId('charges-table').getByText('开户费 Setup fee').waitFor();
  check((await bill.page.getByLabel('公司全称', { exact: true }).inputValue()) === '北方外包有限公司', "the account shows the company's billing profile");
  await axeCheck(bill.page, 'billing account (zh)');

  // the plan's rates from a CSV file: a file with bad rows is reported row by row and cannot replace the table; a
  // clean one does, once confirmed
  await billMenu.getByRole('menuitem', { name: '资费方案' }).click();
  const ratesName = `${cfg.plan}（2026-01-01 起）的费率`;
  await bill.page.getByTestId('plans-table').getByRole('button', { name: ratesName }).click();
  const ratesDrawer = bill.page.getByRole('dialog', { name: ratesName });
  await ratesDrawer.locator('input[type=file]').setInputFiles(cfg.ratesBad);
  const ratesReport = ratesDrawer.getByTestId('rates-report');
  const refusedRates = ratesReport.getByTestId('rates-rejected');
  await refusedRates.waitFor();
  const refusedText = await refusedRates.innerText();
  check(['86x', 'night', 'abc', '重复'].every((w) => refusedText.includes(w)) && (await refusedRates.getByRole('row').count()) === 5,
    `every bad row of the rate file is reported with its reason (${refusedText})`);
  check((await ratesReport.getByRole('button', { name: /替换费率表/ }).count()) === 0, 'a rate file with bad rows cannot replace the table');
  await axeCheck(bill.page, 'rate file report (zh)');
  await shot(bill.page, 'billing-rates-report-zh');
  await ratesDrawer.locator('input[type=file]').setInputFiles(cfg.ratesGood);
  await ratesReport.getByRole('button', { name: '用这 2 条费率替换费率表' }).click();
  await bill.page.getByRole('dialog').filter({ hasText: '现有的' }).getByRole('button', { name: '替换' }).click();
  await ratesDrawer.getByTestId('rates-table').getByText('北京 Beijing').waitFor();
  check(true, 'a clean rate file replaces the rates');
});
