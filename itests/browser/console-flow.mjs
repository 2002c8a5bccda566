// The web console in a real browser (Debian's chromium, headless, driven by playwright-core), against a running
// distribution that ConsoleBrowserIT provisioned. Configuration comes as JSON in SEATLINE_BROWSER_CONFIG; figures and
// findings go to cfg.out as JSON; any failed check ends the run with exit code 1 and the reason on stderr.
import { axeCheck, cfg, check, choose, person, results, run, shot, signIn } from './harness.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

await run(async () => {
  // ---- sign-in page, in English, refusing a wrong password with a message
  const agent = await person('en-US');
  await agent.page.goto(cfg.base + '/');
  await agent.page.waitForURL('**/console/');
  await agent.page.getByText('Sign in to Seatline').waitFor();
  await axeCheck(agent.page, 'sign-in');
  await shot(agent.page, 'sign-in-en');
  await agent.page.locator('#login').fill(cfg.agent.login);
  await agent.page.locator('#password').fill('not-the-password');
  await agent.page.locator('button[type=submit]').click();
  await agent.page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();
  check(true, 'a wrong password shows the message');

  // ---- the agent signs in: the session cookie is HttpOnly, writes need the CSRF token
  await agent.page.locator('#password').fill(cfg.agent.password);
  await agent.page.locator('button[type=submit]').click();
  await agent.page.getByText('My desk').waitFor();
  const cookies = await agent.context.cookies();
  const sessionCookie = cookies.find((c) => c.name === 'SEATLINE_SESSION');
  check(sessionCookie && sessionCookie.httpOnly && sessionCookie.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
  check(!(await agent.page.evaluate(() => document.cookie)).includes('SEATLINE_SESSION'), 'script on the page cannot read the session cookie');
  const forged = await agent.page.evaluate(async (p) => {
    const r = await fetch(p, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ state: 'READY' }) });
    return { status: r.status, body: await r.json() };
  }, `/api/v1/tenants/${cfg.tenant}/agents/${cfg.agent.userId}/state`);
  check(forged.status === 403 && forged.body.code === 'csrf_failed', `a write without the CSRF token is refused (${JSON.stringify(forged)})`);

  // ---- take a seat, then ready and not ready by the hot keys
  await agent.page.getByRole('button', { name: 'Start working' }).click();
  await agent.page.locator('[data-testid=agent-state][data-state=NOT_READY]').waitFor();
  await agent.page.keyboard.press('F2');
  await agent.page.locator('[data-testid=agent-state][data-state=READY]').waitFor();
  check(true, 'F2 makes the agent ready');
  await axeCheck(agent.page, 'agent desktop');
  await shot(agent.page, 'agent-desktop-en');

  // ---- the supervisor's wallboard sees each change within a second
  const supervisor = await person('en-US');
  await signIn(supervisor.page, cfg.supervisor.login, cfg.supervisor.password);
  await supervisor.page.getByText('Queues').first().waitFor();
  const tile = supervisor.page.getByTestId(`tile-${cfg.agent.login}`);
  await tile.and(supervisor.page.locator('[data-state=READY]')).waitFor();
  for (let i = 0; i < cfg.rounds; i++) {
    const [key, state] = i % 2 === 0 ? ['F3', 'NOT_READY'] : ['F2', 'READY'];
    const started = Date.now();
    await agent.page.keyboard.press(key);
    await supervisor.page.locator(`[data-testid="tile-${cfg.agent.login}"][data-state="${state}"]`).waitFor({ timeout: 10_000 });
    results.delaysMs.push(Date.now() - started);
    // the next key once the desk itself shows the change (the wallboard's stream can be quicker than the desk's own
    // answer, and a key the desk's state does not allow yet is ignored)
    await agent.page.locator(`[data-testid=agent-state][data-state=${state}]`).waitFor({ timeout: 10_000 });
  }
  const sorted = [...results.delaysMs].sort((a, b) => a - b);
  const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1];
  check(p95 < 1000, `state changes reach the wallboard within 1 s (p95 ${p95} ms, worst ${sorted[sorted.length - 1]} ms)`);
  await axeCheck(supervisor.page, 'wallboard');
  await shot(supervisor.page, 'wallboard-en');

  // ---- bob, a second agent, takes a seat (not ready yet: the customer's call is to go to amy first)
  const bob = await person('en-US');
  await signIn(bob.page, cfg.second.login, cfg.second.password);
  await bob.page.getByRole('button', { name: 'Start working' }).click();
  await bob.page.locator('[data-testid=agent-state][data-state=NOT_READY]').waitFor();

  // ---- a customer calls the hotline and keys in a case number in the IVR; the agent's phone rings and answers: the
  // desk pops with the number and what was keyed in, the wallboard shows the agent on the call, and the pop's
  // new-customer form files the caller (a Chinese name included)
  if (cfg.call) {
    const sipp = spawn(cfg.call.sipp, cfg.call.args, { stdio: 'ignore' });
    const ended = new Promise((resolve) => sipp.on('exit', (code) => resolve(code)));
    await agent.page.getByTestId('pop-data-case').filter({ hasText: '2' }).waitFor({ timeout: 30_000 });
    check(true, 'the screen pop shows the case number the caller keyed in the IVR');
    const number = await agent.page.getByTestId('pop-number').innerText();
    check(number.includes(cfg.call.caller), `the screen pop shows the caller's number (${number})`);
    await supervisor.page.locator(`[data-testid="tile-${cfg.agent.login}"][data-state="ON_CALL"]`).waitFor({ timeout: 10_000 });
    check(true, 'the wallboard shows the agent on the call');
    // hold and resume from the desk: the customer's phone gets a re-INVITE for each (its scenario fails without them);
    // the click times are matched with the re-INVITEs' arrival in SIPp's message trace once the call is over
    const clicks = [];
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 10_000 });
    clicks.push(Date.now());
    await agent.page.getByRole('button', { name: 'Hold (F4)' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=held]').waitFor({ timeout: 5_000 });
    clicks.push(Date.now());
    await agent.page.getByRole('button', { name: 'Resume (F4)' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 5_000 });
    check(true, 'hold and resume from the desk change the call panel');

    // the wrap-up note is typed during the call; a reload (as after a session that ended) keeps it as a draft
    const wrap = agent.page.getByTestId('pop-wrapup');
    // the desk redraws every second: outcomes are typed to, as agents do (see choose)
    await choose(agent.page, wrap, 'Outcome of the call', '已解决 Resolved', { typed: 'resol' });
    const note = '客户要求发送发票 — send the invoice by e-mail';
    await wrap.getByLabel('Note').fill(note);
    await agent.page.reload();
    await agent.page.getByTestId('pop-data-case').filter({ hasText: '2' }).waitFor();
    check((await agent.page.getByTestId('pop-wrapup').getByLabel('Note').inputValue()) === note, 'a note being typed survives a reload as a local draft');
    await choose(agent.page, agent.page.getByTestId('pop-wrapup'), 'Outcome of the call', '已解决 Resolved', { typed: 'resol' });
    const form = agent.page.getByTestId('pop-new-customer');
    await form.waitFor();
    await form.getByLabel('Name').fill('王小明 Wang Xiaoming');
    check((await form.getByLabel('Phones').inputValue()).includes(cfg.call.caller), "the new-customer form is prefilled with the caller's number");
    // a number too short for a Chinese one: the server's error shows on the field
    await form.getByLabel('Phones').fill('12345');
    await form.getByRole('button', { name: 'Save customer' }).click();
    await form.getByText('has 10 to 11 digits').waitFor();
    check(true, "the server's {code,message,field} error is shown on the form's phone field");
    await form.getByLabel('Phones').fill('+86 138 0013 8001');
    await form.getByRole('button', { name: 'Save customer' }).click();
    await agent.page.getByTestId('pop-customer').getByText('王小明 Wang Xiaoming').waitFor();
    check(true, 'the pop files a new customer from its prefilled form');
    await agent.page.getByTestId('pop-wrapup').getByRole('button', { name: 'Save wrap-up' }).click();
    await agent.page.getByTestId('pop-wrapup').getByRole('button', { name: 'Saved' }).waitFor();
    const callId = await agent.page.getByTestId('screen-pop').getAttribute('data-call');
    results.callId = callId;
    // the CRM files the outcome from the dialer's event: polled for a few seconds
    const outcomesOf = (page, id, atLeast = 1) => page.evaluate(async ({ tenant, id, phone, atLeast }) => {
      let mine = [];
      for (let i = 0; i < 50 && mine.length < atLeast; i++) {
        if (i > 0) {
          await new Promise((ok) => setTimeout(ok, 100));
        }
        const found = await (await fetch(`/api/v1/tenants/${tenant}/customers?phone=${encodeURIComponent(phone)}`)).json();
        const h = await (await fetch(`/api/v1/tenants/${tenant}/customers/${found.items[0].id}/history`)).json();
        mine = (h.items ?? h).filter((x) => x.kind === 'DISPOSITION' && x.refId === id);
      }
      return mine;
    }, { tenant: cfg.tenant, id, phone: '+8613800138001', atLeast });
    const history = await outcomesOf(agent.page, callId);
    const filed = history[0];
    check(filed && filed.summary.includes('已解决 Resolved') && filed.summary.includes(note),
      `the wrap-up (outcome and note) is in the customer's history, tied to the call (${JSON.stringify(filed ?? history).slice(0, 300)})`);
    await axeCheck(agent.page, 'agent desktop with a screen pop');
    await shot(agent.page, 'agent-pop-en');

    // ---- amy transfers the caller to bob (picked from the agents with their live state): bob's phone rings and
    // answers, his desk pops with what the caller keyed in; amy wraps up
    await bob.page.keyboard.press('F2');
    await bob.page.locator('[data-testid=agent-state][data-state=READY]').waitFor();
    await agent.page.getByRole('button', { name: 'Transfer' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Transfer' });
    // by keyboard (search, Enter): the option list re-renders with every live update, and a mouse click landing
    // between two renders can miss its option
    const pick = dialog.getByRole('combobox', { name: 'Agent' });
    await pick.fill('bob');
    await agent.page.getByTitle(`${cfg.second.login} · Ready`).waitFor();
    await pick.press('Enter');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await bob.page.getByTestId('pop-data-case').filter({ hasText: '2' }).waitFor({ timeout: 15_000 });
    check((await bob.page.getByTestId('screen-pop').getAttribute('data-call')) === callId, "the transferred call pops on bob's desk with the caller's case number");
    await bob.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 10_000 });
    await supervisor.page.locator(`[data-testid="tile-${cfg.second.login}"][data-state="ON_CALL"]`).waitFor({ timeout: 5_000 });
    await agent.page.locator('[data-testid=agent-state][data-state=WRAP_UP]').waitFor({ timeout: 10_000 });
    // the queue's 5 s of after-call work count down on amy's desk
    check(/Wrap-up ends in\s*0:0[0-5]/.test(await agent.page.getByTestId('wrap-up-left').innerText()), 'amy wraps up, with the countdown of her wrap-up time');
    check(true, 'after the transfer bob talks to the caller and amy wraps up');

    // ---- the supervisor listens in from the wallboard: her own phone rings and joins the call silently
    await supervisor.page.getByTestId(`tile-${cfg.second.login}`).click();
    await supervisor.page.getByRole('button', { name: 'Listen' }).click();
    const listening = async () => supervisor.page.evaluate(async ({ tenant, id }) => {
      const c = await (await fetch(`/api/v1/tenants/${tenant}/calls/${id}`)).json();
      return (c.parties ?? []).some((p) => p.kind === 'SUPERVISOR' && p.state === 'CONNECTED' && p.mode === 'MONITOR');
    }, { tenant: cfg.tenant, id: callId });
    const deadline = Date.now() + 15_000;
    while (!(await listening()) && Date.now() < deadline) {
      await supervisor.page.waitForTimeout(200);
    }
    check(await listening(), "the Listen button rang the supervisor's phone, which is now on the call in monitor mode");
    await supervisor.page.keyboard.press('Escape');

    // ---- bob's pop found the customer amy filed; he promises a callback tomorrow at 10:30 in the customer's time
    // zone (the tenant's, Asia/Shanghai), for himself, files the wrap-up and hangs up (F9): the customer gets the BYE
    await bob.page.getByTestId('pop-customer').getByText('王小明 Wang Xiaoming').waitFor({ timeout: 5_000 });
    const bobWrap = bob.page.getByTestId('pop-wrapup');
    await choose(bob.page, bobWrap, 'Outcome of the call', '回电 Call back', { typed: '回电' });
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }); // YYYY-MM-DD
    await bobWrap.getByLabel('Call back at').fill(`${tomorrow}T10:30`);
    await bobWrap.getByText('Only I call back').click();
    const bobNote = '客户明早再联系 wants a call tomorrow morning';
    await bobWrap.getByLabel('Note').fill(bobNote);
    await bobWrap.getByRole('button', { name: 'Save wrap-up' }).click();
    await bobWrap.getByRole('button', { name: 'Saved' }).waitFor();
    const callback = bob.page.getByTestId(`callback-${callId}`);
    await callback.getByText('10:30 (Asia/Shanghai)').waitFor({ timeout: 5_000 });
    check((await callback.innerText()).includes(bobNote), "bob's callbacks list the promised callback at 10:30 in the customer's time zone");
    await axeCheck(bob.page, 'agent desktop with a callback');
    await shot(bob.page, 'agent-callback-en');
    await bob.page.keyboard.press('F9');
    const code = await ended;
    check(code === 0, `the customer's call went through the IVR to amy, was held, resumed and transferred to bob, who ended it (SIPp exit ${code})`);
    // "-------- 2026-12-06 16:53:45.945427\nUDP message received (…):\n\nINVITE …": the re-INVITEs the customer got
    const trace = readFileSync(cfg.call.messages, 'utf8').split(/^-{20,} /m).slice(1);
    const reinvites = trace.filter((m) => /^[^\n]*\n[A-Z]+ message received/.test(m) && /\n\nINVITE /.test(m))
      .map((m) => new Date(m.slice(0, 26).replace(' ', 'T')).getTime());
    check(reinvites.length >= 2, `the customer's phone received the hold and resume re-INVITEs (${reinvites.length} in all)`);
    results.clickToReinviteMs = reinvites.slice(0, 2).map((at, i) => at - clicks[i]);
    check(results.clickToReinviteMs.every((d) => d >= 0 && d < 1000), `each click reached the phone as a re-INVITE within 1 s (${results.clickToReinviteMs} ms)`);
    await agent.page.locator('[data-testid=agent-state][data-state=READY]').waitFor({ timeout: 15_000 });
    check(true, "after the transfer amy wraps up, then is ready again (the queue's 5 s wrap-up)");
    // the CDR has bob's outcome and note, one transfer and both agents' legs; the customer's history has both wrap-ups
    const cdr = await supervisor.page.evaluate(async ({ tenant, id }) => {
      for (let i = 0; i < 50; i++) {
        const r = await fetch(`/api/v1/tenants/${tenant}/cdrs/${id}`);
        if (r.ok) {
          return r.json();
        }
        await new Promise((ok) => setTimeout(ok, 200));
      }
      return null;
    }, { tenant: cfg.tenant, id: callId });
    check(cdr && cdr.outcome === 'callback' && cdr.outcomeNote === bobNote && cdr.transfers === 1 && cdr.agentLogin === cfg.second.login,
      `the CDR shows bob's outcome, note and the transfer (${JSON.stringify(cdr).slice(0, 400)})`);
    const filedBoth = await outcomesOf(agent.page, callId, 2);
    check(filedBoth.length === 2 && filedBoth.some((x) => x.summary.includes('回电 Call back') && x.summary.includes(bobNote) && x.data?.['callback.at']),
      `the customer's history has amy's and bob's outcomes, bob's with the callback (${JSON.stringify(filedBoth).slice(0, 500)})`);
    await agent.page.getByTestId('my-day-calls').filter({ hasText: /^1$/ }).waitFor({ timeout: 5_000 });
    check(true, "the agent's figures today count the call");

    // click-to-call from the customer in the pop: the carrier's side answers, the agent's phone is connected, F9 ends it
    await agent.page.getByRole('button', { name: 'Call +8613800138001' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 15_000 });
    check(true, "click-to-call connects the customer's number to the agent");
    await agent.page.keyboard.press('F9');
    await agent.page.locator('[data-testid=agent-state][data-state=READY]').waitFor({ timeout: 15_000 });
    await agent.page.getByTestId('my-day-calls').filter({ hasText: /^2$/ }).waitFor({ timeout: 5_000 });
    check(true, 'F9 hangs up; the call counts in the figures');
  }

  // ---- help and internal messages (站内短信): amy asks for help (F8) with a note; the request is on sam's wallboard
  // within a second and amy's tile is marked; sam answers with a reply that amy's desk shows; sam writes to amy from
  // her tile, amy replies from her desk (to her supervisor) and marks what she read
  await agent.page.keyboard.press('F8');
  const askDialog = agent.page.getByRole('dialog', { name: 'Ask for help' });
  await askDialog.getByLabel('What do you need? (optional)').fill('客户要投诉 complaint about a bill');
  const asked = Date.now();
  await askDialog.getByRole('button', { name: 'Ask now' }).click();
  const helpRow = supervisor.page.getByTestId(`help-${cfg.agent.userId}`);
  await helpRow.waitFor({ timeout: 5_000 });
  const helpDelay = Date.now() - asked;
  await supervisor.page.locator(`[data-testid="tile-${cfg.agent.login}"][data-help=true]`).waitFor({ timeout: 5_000 });
  check(helpDelay < 1000 && (await helpRow.innerText()).includes('complaint about a bill'),
    `amy's help request with her note is on the wallboard within 1 s (${helpDelay} ms) and her tile is marked`);
  await agent.page.getByTestId('help-open').waitFor();
  await axeCheck(supervisor.page, 'wallboard with a help request');
  await shot(supervisor.page, 'wallboard-help-en');
  await helpRow.getByRole('button', { name: 'Answer' }).click();
  const answerDialog = supervisor.page.getByRole('dialog', { name: /^Answer / });
  await answerDialog.getByLabel('Reply (sent as a message, optional)').fill('我来了，稍等 coming over');
  await answerDialog.getByRole('button', { name: 'Answer' }).click();
  await agent.page.getByTestId('help-open').waitFor({ state: 'detached', timeout: 5_000 });
  await agent.page.getByTestId('messages').getByText('我来了，稍等 coming over').waitFor({ timeout: 5_000 });
  await supervisor.page.locator(`[data-testid="tile-${cfg.agent.login}"][data-help=true]`).waitFor({ state: 'detached', timeout: 5_000 });
  check(true, "sam answers: amy's request closes on both screens and her desk shows the reply");
  await supervisor.page.getByTestId(`tile-${cfg.agent.login}`).click();
  const drawer = supervisor.page.getByRole('dialog').filter({ hasText: cfg.agent.login });
  await drawer.getByLabel('Message').fill('请十分钟后休息 take your break in ten');
  await drawer.getByRole('button', { name: 'Send' }).click();
  await supervisor.page.getByText('Message: done').waitFor({ timeout: 5_000 });
  await supervisor.page.keyboard.press('Escape');
  const inbox = agent.page.getByTestId('messages');
  const fromSam = inbox.locator('[data-testid^=message-]').filter({ hasText: '请十分钟后休息' });
  await fromSam.waitFor({ timeout: 5_000 });
  check(Number(await inbox.getAttribute('data-unread')) === 2, `amy's desk counts two unread messages (${await inbox.getAttribute('data-unread')})`);
  await fromSam.getByRole('button', { name: 'Reply' }).click();
  await inbox.getByLabel('Message').fill('好的 OK, after this call');
  await inbox.getByRole('button', { name: 'Send' }).click();
  await supervisor.page.getByTestId('messages').getByText('好的 OK, after this call').waitFor({ timeout: 5_000 });
  check(true, 'amy replies from her desk to her supervisor, whose wallboard shows it');
  while ((await inbox.getByRole('button', { name: 'Got it' }).count()) > 0) {
    const before = Number(await inbox.getAttribute('data-unread'));
    await inbox.getByRole('button', { name: 'Got it' }).first().click();
    await agent.page.waitForFunction((n) => Number(document.querySelector('[data-testid=messages]')?.getAttribute('data-unread')) < n, before);
  }
  check(Number(await inbox.getAttribute('data-unread')) === 0, 'amy marks her messages read');
  await axeCheck(agent.page, 'agent desktop with messages');
  await shot(agent.page, 'agent-messages-en');

  // ---- the wallboard's tiles filtered by team and by skill: amy, of team A with the sales skill, stays
  await choose(supervisor.page, supervisor.page, 'Team', '一组 Team A');
  await choose(supervisor.page, supervisor.page, 'Skill', 'sales');
  await supervisor.page.getByTestId(`tile-${cfg.agent.login}`).waitFor({ timeout: 5_000 });
  check(true, "filtered by team and skill, the wallboard still shows amy's tile");

  // ---- tickets and the knowledge base on the desk: the ticket assigned to amy is in her list with its SLA clock
  // running; she files a ticket from the call on screen (the category's own fields, the required one enforced), which
  // carries the call and the customer; she searches the knowledge base in Chinese and opens the article
  const assignedTicket = agent.page.getByTestId(`ticket-${cfg.ticketNumber}`);
  await assignedTicket.waitFor({ timeout: 5_000 });
  const clock1 = await assignedTicket.getByTestId('sla-clock').innerText();
  await agent.page.waitForFunction(([n, before]) => document.querySelector(`[data-testid="ticket-${n}"] [data-testid=sla-clock]`)?.textContent !== before,
    [cfg.ticketNumber, clock1], { timeout: 5_000 });
  check(/^due in 2[34]:\d\d:\d\d$|^due in 23:\d\d:\d\d$/.test(clock1) && (await assignedTicket.getAttribute('data-overdue')) === 'false',
    `amy's ticket shows its SLA clock (${clock1}), and it runs`);
  await agent.page.getByTestId('pop-ticket').getByRole('button', { name: 'New ticket' }).click();
  const ticketDialog = agent.page.getByRole('dialog', { name: 'New ticket' });
  const ticketForm = agent.page.getByTestId('ticket-form');
  await choose(agent.page, ticketForm, 'Category', '投诉 Complaint · SLA 24 h');
  await ticketForm.getByLabel('Title').fill('客户投诉账单 billing complaint');
  await ticketDialog.getByRole('button', { name: 'Create' }).click();
  await ticketForm.getByText('Required').first().waitFor();
  check(true, "the category's required field is enforced before the ticket is sent");
  await ticketForm.getByLabel('订单号 Order').fill('A-2002');
  await ticketForm.getByLabel('金额 Amount').fill('128.5');
  await ticketDialog.getByRole('button', { name: 'Create' }).click();
  await agent.page.getByText(/^Ticket \S+ created$/).waitFor({ timeout: 5_000 });
  const popCall = await agent.page.getByTestId('screen-pop').getAttribute('data-call');
  const filedTicket = await agent.page.evaluate(async ({ tenant, phone }) => {
    const found = await (await fetch(`/api/v1/tenants/${tenant}/customers?phone=${encodeURIComponent(phone)}`)).json();
    const list = await (await fetch(`/api/v1/tenants/${tenant}/tickets?customer=${found.items[0].id}`)).json();
    return list.items.find((x) => x.title === '客户投诉账单 billing complaint') ?? null;
  }, { tenant: cfg.tenant, phone: '+8613800138001' });
  check(filedTicket && filedTicket.callId === popCall && filedTicket.fields.order_no === 'A-2002' && Number(filedTicket.fields.amount) === 128.5
    && filedTicket.dueAt, `the ticket carries the call, the customer and its fields, with an SLA due time (${JSON.stringify(filedTicket).slice(0, 300)})`);
  const kb = agent.page.getByTestId('kb');
  await kb.locator('input').fill('退款');
  await kb.locator('input').press('Enter');
  await kb.getByText('退款多久到账').click();
  await agent.page.getByTestId('kb-article').filter({ hasText: '3到5个工作日' }).waitFor({ timeout: 5_000 });
  check(true, 'the knowledge base finds the article by a Chinese word and opens it beside the call');
  await axeCheck(agent.page, 'agent desktop with a knowledge-base article');
  await shot(agent.page, 'agent-tickets-en'); // with the article open (closing, it fades out over the desk)
  await agent.page.keyboard.press('Escape');
  await agent.page.getByTestId('kb-article').waitFor({ state: 'hidden', timeout: 5_000 });

  // ---- another tenant's supervisor sees none of this tenant's agents, and cannot open its stream
  const stranger = await person('en-US');
  await signIn(stranger.page, cfg.other.login, cfg.other.password);
  await stranger.page.getByText('Queues').first().waitFor();
  check((await stranger.page.getByTestId(`tile-${cfg.agent.login}`).count()) === 0, "another tenant's wallboard shows none of this tenant's agents");
  const foreign = await stranger.page.evaluate(async (p) => (await fetch(p)).status, `/api/v1/tenants/${cfg.tenant}/realtime`);
  check(foreign === 403 || foreign === 404, `another tenant's realtime data is refused (${foreign})`);
  // nor any other page's data or stream of this tenant: calls, CDRs, callbacks, customers, the pushed events
  const refused = await stranger.page.evaluate(async (tenant) => {
    const out = {};
    for (const path of ['calls', 'cdrs', 'callbacks', 'customers', 'agents', 'realtime/stream', 'me/events']) {
      const abort = new AbortController();
      const r = await fetch(`/api/v1/tenants/${tenant}/${path}`, { signal: abort.signal });
      out[path] = r.status;
      abort.abort(); // a stream that opened would stay open
    }
    return out;
  }, cfg.tenant);
  check(Object.values(refused).every((st) => st === 403 || st === 404), `another tenant's calls, CDRs, callbacks, customers, agents and streams are refused (${JSON.stringify(refused)})`);
  // and the agent's own floor holds only its tenant's agents
  const floor = await agent.page.evaluate(async (tenant) => ((await (await fetch(`/api/v1/tenants/${tenant}/realtime`)).json()).agents ?? []).map((a) => a.login), cfg.tenant);
  check(floor.length > 0 && floor.every((l) => l.endsWith('@' + cfg.tenant)), `the agent's floor lists only its tenant's agents (${floor})`);
  const across = await agent.page.evaluate(async (p) => (await fetch(p)).status, `/api/v1/tenants/${cfg.other.login.split('@')[1]}/realtime`);
  check(across === 403 || across === 404, `an agent cannot read another tenant's floor (${across})`);

  // ---- Simplified Chinese: chosen by the browser's language, switched and kept across a reload
  const zh = await person('zh-CN');
  await zh.page.goto(cfg.base + '/console/');
  await zh.page.getByText('登录 Seatline').waitFor();
  await shot(zh.page, 'sign-in-zh');
  await signIn(zh.page, cfg.supervisor.login, cfg.supervisor.password);
  await zh.page.getByText('监控大屏').first().waitFor();
  await zh.page.locator(`[data-testid="tile-${cfg.agent.login}"]`).waitFor();
  await zh.page.getByText('暂无坐席求助').waitFor();
  await zh.page.getByTestId('messages').getByText('站内短信').waitFor();
  check(true, 'the wallboard in Chinese has its help requests (求助) and messages (站内短信)');
  await shot(zh.page, 'wallboard-zh');
  // the big screen (大屏): large figures and ECharts charts, in Chinese
  await zh.page.goto(cfg.base + '/console/bigscreen');
  await zh.page.getByText('呼叫中心实时大屏').waitFor();
  await zh.page.getByTestId('big-waiting').waitFor();
  await zh.page.locator('[data-testid=big-screen] canvas').nth(1).waitFor();
  check((await zh.page.getByTestId('big-answered').innerText()).trim() !== '', 'the big screen shows the floor with its two charts');
  // its chart starts from the server's readings of the floor (every 30 s), not from the moment it was opened
  await zh.page.waitForFunction(() => Number(document.querySelector('[data-testid=big-screen]')?.getAttribute('data-history')) >= 1, null, { timeout: 5_000 });
  check(true, "the big screen's chart starts from the server's readings of the last hours");
  await axeCheck(zh.page, 'big screen');
  await shot(zh.page, 'bigscreen-zh');
  // not through choose(): the pick renames the select itself (Language → 语言); the page's new language shows it took
  await agent.page.getByRole('combobox', { name: 'Language' }).click();
  await agent.page.getByTitle('简体中文').click();
  await agent.page.getByText('我的工作台').waitFor();
  await agent.page.reload();
  await agent.page.getByText('我的工作台').waitFor();
  check(true, 'the language choice is kept across a reload');
  if (cfg.call) {
    // after the reload the desk reads its figures and the latest pop again
    await agent.page.getByTestId('my-day-calls').filter({ hasText: /^2$/ }).waitFor({ timeout: 5_000 });
    await agent.page.getByTestId('screen-pop').getByText('+8613800138001').first().waitFor({ timeout: 5_000 });
  }
  await shot(agent.page, 'agent-desktop-zh');
  await agent.page.getByRole('button', { name: '结束工作' }).isVisible();

  // ---- the same call flow in Chinese: the customer calls again, keys 2; amy's desk (zh-CN) pops, holds and resumes
  // the call, files the outcome and hangs up. Bob leaves his seat first, so that the call is amy's.
  if (cfg.call) {
    await bob.page.locator('[data-testid=agent-state][data-state=READY]').waitFor({ timeout: 15_000 });
    await bob.page.getByRole('button', { name: 'Stop working' }).click();
    await bob.page.locator('[data-testid=agent-state]').waitFor({ state: 'detached', timeout: 10_000 });
    const messages = cfg.call.messages.replace(/\.msg$/, '-zh.msg');
    const args = cfg.call.args.map((a) => (a === cfg.call.messages ? messages : a.replace(/\.err$/, '-zh.err')));
    const earlier = await agent.page.getByTestId('screen-pop').getAttribute('data-call');
    const again = spawn(cfg.call.sipp, args, { stdio: 'ignore' });
    const over = new Promise((resolve) => again.on('exit', (code) => resolve(code)));
    // the new call's pop (the earlier one stays on the desk until the next call comes)
    await agent.page.locator(`[data-testid=screen-pop]:not([data-call="${earlier}"])`).waitFor({ timeout: 30_000 });
    await agent.page.getByTestId('pop-data-case').filter({ hasText: '2' }).waitFor({ timeout: 10_000 });
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 10_000 });
    await agent.page.getByRole('button', { name: '保持 (F4)' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=held]').waitFor({ timeout: 5_000 });
    await agent.page.getByRole('button', { name: '恢复 (F4)' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 5_000 });
    const zhWrap = agent.page.getByTestId('pop-wrapup');
    await choose(agent.page, zhWrap, '通话结果', '已解决 Resolved', { typed: '已解决' });
    await zhWrap.getByLabel('备注').fill('中文流程：已为客户处理');
    await zhWrap.getByRole('button', { name: '保存话后处理' }).click();
    await zhWrap.getByRole('button', { name: '已保存' }).waitFor();
    await axeCheck(agent.page, 'agent desktop with a screen pop (zh-CN)');
    await shot(agent.page, 'agent-pop-zh');
    await agent.page.keyboard.press('F9');
    const zhCode = await over;
    check(zhCode === 0, `the same call flow in Chinese: IVR, pop, hold, resume, outcome, hang up (SIPp exit ${zhCode})`);
    await agent.page.getByTestId('my-day-calls').filter({ hasText: /^3$/ }).waitFor({ timeout: 15_000 });
  }

  // ---- preview dialling (预览外呼), in Chinese: amy takes the campaign's next record, reads it, dials it; the carrier
  // answers and her phone is connected; she hangs up (F9)
  if (cfg.call) {
    const preview = agent.page.getByTestId('preview');
    await preview.getByRole('button', { name: '下一条' }).click();
    const record = agent.page.getByTestId('preview-contact');
    await record.getByText('李雷 Li Lei').waitFor({ timeout: 5_000 });
    check((await record.innerText()).includes('金卡 Gold') && (await record.innerText()).includes('13900139000'),
      "the preview shows the record's name, number and fields before dialling");
    await axeCheck(agent.page, 'agent desktop with a preview record (zh-CN)');
    await shot(agent.page, 'agent-preview-zh');
    await preview.getByRole('button', { name: '拨打' }).click();
    await agent.page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 15_000 });
    check(true, "dialling the preview record connects the customer to amy's phone");
    await agent.page.keyboard.press('F9');
    await agent.page.locator('[data-testid=agent-state][data-state=READY]').waitFor({ timeout: 15_000 });
    await preview.getByRole('button', { name: '下一条' }).click();
    await agent.page.getByText('暂无可拨打的记录').waitFor({ timeout: 5_000 });
    check(true, 'the list has no other record to call');
  }

  // ---- signing out ends the session on the server
  await supervisor.page.getByRole('button', { name: 'Sign out' }).click();
  await supervisor.page.getByText('Sign in to Seatline').waitFor();
  const after = await supervisor.page.evaluate(async () => (await fetch('/api/v1/session')).status);
  check(after === 401, `after signing out the session is gone (${after})`);
});
