// Quality in a real browser, against the distribution AdminBrowserIT set up and called through: the QA lead (zh-CN)
// designs a scorecard (a refusal of its weights shown above the sections) and samples the week; an evaluator (en)
// opens the recorded call, moves in its waveform, marks a moment on an item, jumps back to it and submits; the agent
// (zh-CN) sees the score and the marker and disputes; the lead reviews the dispute and amends the score.
import { readFileSync } from 'node:fs';
import { axeCheck, cfg, check, choose, person, results, run, shot, signIn } from './harness.mjs';

const REFUSED = /Failed to load resource: the server responded with a status of (400|401|403|404|409)/;

/** A text box by its label, allowing the asterisk Ant Design puts before a required field's label. */
const field = (scope, label) => scope.getByRole('textbox', { name: new RegExp(`^(\\* ?)?${label}$`) });

await run(async () => {
  // ---- the QA lead: a scorecard of two items; weights of 40 and 50 are refused (they must make 100), 40 and 60 save
  const lead = await person('zh-CN', REFUSED);
  await signIn(lead.page, cfg.lead.login, cfg.lead.password);
  await lead.page.getByRole('menuitem', { name: '质检', exact: true }).click();
  const menu = lead.page.getByRole('navigation', { name: '管理' });
  await menu.getByRole('menuitem', { name: '评分表' }).click();
  await lead.page.getByRole('button', { name: '新建评分表' }).click();
  const drawer = lead.page.getByRole('dialog', { name: '新建评分表' });
  await field(drawer, '名称').fill('服务质量 Service quality');
  await drawer.getByLabel('第 1 部分', { exact: true }).fill('开场 Opening');
  await drawer.getByLabel('第 1.1 项的键', { exact: true }).fill('greeting');
  await drawer.getByLabel('第 1.1 项的内容', { exact: true }).fill('规范问候 Greets by the script');
  await drawer.getByLabel('第 1.1 项的权重', { exact: true }).fill('40');
  await drawer.getByRole('button', { name: '添加评分项' }).click();
  await drawer.getByLabel('第 1.2 项的键', { exact: true }).fill('verify');
  await drawer.getByLabel('第 1.2 项的内容', { exact: true }).fill('核实身份 Verifies identity');
  await drawer.getByLabel('第 1.2 项的权重', { exact: true }).fill('50');
  await drawer.getByTestId('item-1.2').getByText('致命项').click();
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.getByTestId('scorecard-problem').filter({ hasText: '100' }).waitFor();
  check(true, "weights that do not make 100 are refused, the server's reason shown above the sections");
  await drawer.getByLabel('第 1.2 项的权重', { exact: true }).fill('60');
  await drawer.getByRole('button', { name: '保存', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
  await lead.page.getByTestId('scorecards-table').getByText('服务质量 Service quality').waitFor();
  check(true, 'the lead designs a scorecard with a fatal item');
  await axeCheck(lead.page, 'scorecards (zh)');
  await shot(lead.page, 'qa-scorecards-zh');

  // sampling: two calls of each agent a week, run for this week
  await menu.getByRole('menuitem', { name: '抽样规则' }).click();
  await lead.page.getByRole('button', { name: '新建抽样规则' }).click();
  const ruleDialog = lead.page.getByRole('dialog', { name: '新建抽样规则' });
  await field(ruleDialog, '名称').fill('每人两通 Two per agent');
  await ruleDialog.getByRole('button', { name: '保存' }).click();
  await ruleDialog.waitFor({ state: 'detached' });
  await lead.page.getByTestId('rules-table').getByText('每人两通 Two per agent').waitFor();
  await lead.page.getByRole('button', { name: '分配待评通话' }).click();
  const report = lead.page.getByTestId('sampling-report');
  await report.waitFor();
  check((await report.innerText()).includes('该周接通的通话'), 'a sampling run reports what it put in whose queue');
  await axeCheck(lead.page, 'sampling (zh)');

  // ---- the evaluator: the recorded call, its waveform drawn from the recording; a click moves to the middle
  const ev = await person('en-US', REFUSED);
  await signIn(ev.page, cfg.evaluator.login, cfg.evaluator.password);
  await ev.page.getByRole('menuitem', { name: 'Quality', exact: true }).click();
  await ev.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'Calls to evaluate' }).click();
  await ev.page.getByTestId('recordings-table').getByRole('button', { name: `Evaluate call ${cfg.callId}` }).click();
  const wave = ev.page.locator('[data-testid=waveform]:not([data-channels="0"])');
  await wave.waitFor({ timeout: 10_000 });
  const box = await wave.boundingBox();
  await wave.click({ position: { x: box.width / 2, y: 5 } });
  const half = Math.round(cfg.durationMs / 2);
  const greeting = ev.page.getByTestId('qa-item-greeting');
  const markButton = greeting.getByRole('button', { name: /^Mark / });
  const label = (await markButton.innerText()).replace(/^Mark /, '');
  await markButton.click();
  await ev.page.getByTestId('marker-greeting-0').waitFor();
  await greeting.getByLabel(`What happens at ${label}`).fill('客户问好后才报工号 gave the staff number late');
  // elsewhere with the keyboard, then back to the marker
  await wave.focus();
  await ev.page.keyboard.press('ArrowLeft');
  await greeting.getByRole('button', { name: `Go to ${label}` }).click();
  check((await ev.page.getByTestId('player-position').innerText()).startsWith(label), `the marker jumps back to ${label} in the recording`);
  await greeting.getByRole('radio', { name: 'No' }).check();
  await ev.page.getByTestId('qa-item-verify').getByRole('radio', { name: 'Yes' }).check();
  await ev.page.getByLabel('Overall comment').fill('身份核实到位 identity checked well');
  await axeCheck(ev.page, 'evaluation (en)');
  await shot(ev.page, 'qa-evaluate-en');
  await ev.page.getByRole('button', { name: 'Submit' }).click();
  await ev.page.getByTestId('qa-score').filter({ hasText: 'Score 60' }).waitFor();
  const mine = await ev.page.evaluate(async ({ tenant }) => (await (await fetch(`/api/v1/tenants/${tenant}/qa/evaluations`)).json()).items[0], { tenant: cfg.tenant });
  const full = await ev.page.evaluate(async ({ tenant, id }) => (await fetch(`/api/v1/tenants/${tenant}/qa/evaluations/${id}`)).json(), { tenant: cfg.tenant, id: mine.id });
  results.markerMs = full.items.find((i) => i.item === 'greeting').markers[0].atMs;
  // one column of the drawing is the call's length / its width in pixels: the click lands within one of the middle
  check(Math.abs(results.markerMs - half) <= cfg.durationMs / box.width + 1, `the marker is where the waveform was clicked (${results.markerMs} ms of ${cfg.durationMs})`);
  check(full.status === 'SUBMITTED' && Number(full.score) === 60 && full.passed === false, `the evaluation is submitted: 60, failed (${full.status} ${full.score})`);

  // ---- the agent: its evaluation with the marker, disputed
  const agent = await person('zh-CN', REFUSED);
  await signIn(agent.page, cfg.agent.login, cfg.agent.password);
  // the ticket the administrator assigned to li is among li's notices under the bell; marked read, it goes
  const bell = agent.page.getByRole('button', { name: /^通知：\d+ 条未读$/ });
  await bell.click();
  const notices = agent.page.getByTestId('notifications');
  await notices.getByText('工单已派给您').first().waitFor();
  check((await notices.innerText()).includes('宽带断网 No broadband'), "li's notices tell of the ticket assigned to li");
  const before = Number((await bell.getAttribute('aria-label')).match(/\d+/)[0]);
  await notices.getByRole('button', { name: /^标为已读：.*宽带断网/ }).first().click();
  await agent.page.getByRole('button', { name: `通知：${before - 1} 条未读` }).waitFor();
  check(true, 'a notice marked read leaves the bell');
  await agent.page.keyboard.press('Escape');
  // an agent's pages: tickets (its own first; the one the administrator gave li and resolved among all), its evaluations
  await agent.page.getByRole('menuitem', { name: '工单与质检', exact: true }).click();
  const agentMenu = agent.page.getByRole('navigation', { name: '管理' });
  await agentMenu.getByRole('menuitem', { name: '我的质检' }).waitFor(); // the menu is drawn once the administration's chunk is in
  const agentEntries = await agentMenu.getByRole('menuitem').allInnerTexts();
  check(agentEntries.join(',') === '工单,我的质检,运营报表,绩效考核', `an agent has tickets, its own evaluations, its own figures and scorecard (${agentEntries})`);
  await choose(agent.page, agent.page, '状态', '全部');
  await agent.page.getByTestId('tickets-table').getByText('宽带断网 No broadband').waitFor();
  await axeCheck(agent.page, 'tickets of an agent (zh)');
  await agentMenu.getByRole('menuitem', { name: '我的质检' }).click();
  await agent.page.getByTestId('evaluations-table').getByRole('button', { name: /^打开 .* 通话的评估$/ }).click();
  const result = agent.page.getByTestId('qa-result-greeting');
  await result.getByText('工号').waitFor();
  check((await result.innerText()).includes(label), `the agent sees the evaluator's marker at ${label} with its note`);
  // and plays the call's recording to hear that moment: the waveform drawn from the audio QA serves the call's agent
  await agent.page.locator('[data-testid=waveform]:not([data-channels="0"])').waitFor({ timeout: 10_000 });
  check(true, "the agent's evaluated call plays, its waveform drawn");
  await agent.page.getByLabel('申诉理由').fill('客户先问好，我随即报了工号 the customer spoke first');
  await agent.page.getByRole('button', { name: '申诉', exact: true }).click();
  await agent.page.getByText('申诉中', { exact: true }).first().waitFor();
  check(true, 'the agent disputes the evaluation with a reason');
  await axeCheck(agent.page, 'my evaluation (zh)');
  await shot(agent.page, 'qa-agent-zh');

  // ---- the lead reviews: the reason beside the call, the greeting amended to yes
  await menu.getByRole('menuitem', { name: '申诉复核' }).click();
  await lead.page.getByTestId('evaluations-table').getByRole('button', { name: /^打开 .* 通话的评估$/ }).click();
  await lead.page.getByTestId('dispute-reason').getByText('客户先问好').waitFor();
  await lead.page.getByTestId('qa-item-greeting').getByRole('radio', { name: '是' }).check();
  await lead.page.getByLabel('复核意见').fill('录音中客户先问好 the customer did speak first');
  await lead.page.getByRole('button', { name: '修改评分' }).click();
  await lead.page.getByTestId('qa-score').filter({ hasText: '得分 100' }).waitFor();
  check(true, 'the lead amends the disputed score to 100');
  await axeCheck(lead.page, 'dispute review (zh)');
  await shot(lead.page, 'qa-review-zh');

  // ---- reports: the trend of the period drawn; a coaching task for li, then done with its outcome
  await menu.getByRole('menuitem', { name: '质检报表' }).click();
  await lead.page.getByTestId('qa-trends').getByRole('img', { name: '各期平均得分，每条线一个对象' }).waitFor();
  await lead.page.getByTestId('qa-spread').getByRole('img').waitFor();
  check(true, 'the reports draw the score trend and the spread of the period');
  await axeCheck(lead.page, 'QA reports (zh)');
  await shot(lead.page, 'qa-reports-zh');
  await menu.getByRole('menuitem', { name: '辅导', exact: true }).click();
  await lead.page.getByRole('button', { name: '新建辅导任务' }).click();
  const coach = lead.page.getByRole('dialog', { name: '新建辅导任务' });
  await choose(lead.page, coach, '坐席员', `李四 Li Si (${cfg.agent.login})`);
  await field(coach, '辅导内容').fill('先报工号再问好 staff number before the greeting');
  await coach.getByRole('button', { name: '保存' }).click();
  // li's team has no lead to coach by default: the server says so on the coach's field, and the lead names herself
  await coach.getByText('has no team lead').waitFor();
  check(true, "a coaching task for an agent without a team lead is refused on the coach's field");
  await choose(lead.page, coach, '辅导人', `周主管 Zhou (${cfg.lead.login})`);
  await coach.getByRole('button', { name: '保存' }).click();
  await coach.waitFor({ state: 'detached' });
  const task = lead.page.getByTestId('coaching-table').getByRole('row').filter({ hasText: '先报工号再问好' });
  await task.getByRole('button', { name: '完成对 李四 Li Si 的辅导' }).click();
  const done = lead.page.getByRole('dialog', { name: '完成对 李四 Li Si 的辅导' });
  await done.getByLabel('辅导结果').fill('已演练开场白 practised the opening');
  await done.getByRole('button', { name: '完成' }).click();
  await done.waitFor({ state: 'detached' });
  await choose(lead.page, lead.page, '状态', '已完成');
  await lead.page.getByTestId('coaching-table').getByText('已演练开场白 practised the opening').waitFor();
  check(true, 'the lead gives li a coaching task and closes it with its outcome');
  await axeCheck(lead.page, 'coaching (zh)');

  // ---- calibration: the lead opens a session on the call for herself and wu; each scores it alone (the lead 100, wu 60
  // with the greeting missed); the results show each one's deviation and the greeting as a disagreement
  await menu.getByRole('menuitem', { name: '质检任务' }).click();
  await lead.page.getByTestId('recordings-table').getByRole('button', { name: `校准通话 ${cfg.callId}` }).click();
  const newCal = lead.page.getByRole('dialog', { name: '新建校准' });
  await newCal.getByLabel('标题', { exact: true }).fill('六月校准 June calibration');
  await choose(lead.page, newCal, '质检员', '吴质检 Wu (wu)');
  await newCal.getByRole('button', { name: '创建' }).click();
  await newCal.waitFor({ state: 'detached' });
  await menu.getByRole('menuitem', { name: '校准' }).click();
  const sessions = lead.page.getByTestId('calibrations-table');
  await sessions.getByRole('button', { name: '为通话评分：六月校准 June calibration' }).click();
  await lead.page.getByTestId('qa-item-greeting').getByRole('radio', { name: '是' }).check();
  await lead.page.getByTestId('qa-item-verify').getByRole('radio', { name: '是' }).check();
  await lead.page.getByRole('button', { name: '提交' }).click();
  await lead.page.getByTestId('qa-score').filter({ hasText: '得分 100' }).waitFor();
  await lead.page.getByRole('button', { name: '返回列表' }).click();
  await ev.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'Calibration' }).click();
  await ev.page.getByTestId('calibrations-table').getByRole('button', { name: 'Score the call of 六月校准 June calibration' }).click();
  await ev.page.getByTestId('qa-item-greeting').getByRole('radio', { name: 'No' }).check();
  await ev.page.getByTestId('qa-item-verify').getByRole('radio', { name: 'Yes' }).check();
  await ev.page.getByRole('button', { name: 'Submit' }).click();
  await ev.page.getByTestId('qa-score').filter({ hasText: 'Score 60' }).waitFor();
  await sessions.getByRole('button', { name: '六月校准 June calibration 的结果' }).click();
  const calResults = lead.page.getByRole('dialog', { name: '六月校准 June calibration' });
  const deviations = calResults.getByTestId('calibration-deviations');
  await deviations.getByText('吴质检 Wu').waitFor();
  const devText = await deviations.innerText();
  check(devText.includes('周主管 Zhou') && devText.includes('-40.0'), `each evaluator's deviation from the lead: wu 40 points under (${devText})`);
  const greetingRow = calResults.getByTestId('calibration-items').getByRole('row').filter({ hasText: '分歧' });
  check((await greetingRow.count()) === 1, 'one item, the greeting, marked as a disagreement');
  await axeCheck(lead.page, 'calibration results (zh)');
  await shot(lead.page, 'qa-calibration-zh');
  await calResults.getByRole('button', { name: '结束校准' }).click();
  await lead.page.getByRole('dialog').filter({ hasText: '结束后不再接受评分' }).getByRole('button', { name: '结束校准' }).click();
  await sessions.getByText('已结束').waitFor();
  check(true, 'the lead closes the calibration session');
  await calResults.getByRole('button', { name: 'Close' }).or(calResults.getByRole('button', { name: '关闭' })).first().click();
  await calResults.waitFor({ state: 'detached' });

  // ---- the company's calls: the lead finds li's answered call of the support queue, opens it (its IVR path, its
  // recording drawn), and may not delete the recording; the administrator (en) deletes it, asked first
  await menu.getByRole('menuitem', { name: '通话记录' }).click();
  await choose(lead.page, lead.page, '结果', '已接听');
  const callRow = lead.page.getByTestId('calls-table').getByRole('row').filter({ hasText: '李四 Li Si' });
  await callRow.waitFor();
  const callText = await callRow.innerText();
  check(callText.includes('support') && callText.includes('已接听'), `li's call is listed, answered, in the support queue (${callText})`);
  await callRow.getByRole('button', { name: /^查看 / }).click();
  const callDetail = lead.page.getByTestId('call-detail');
  await callDetail.locator('[data-testid=waveform]:not([data-channels="0"])').waitFor({ timeout: 10_000 });
  check((await callDetail.innerText()).includes('hotline'), "the call's IVR path is shown beside its recording");
  check((await callDetail.getByRole('button', { name: '删除录音' }).count()) === 0, 'QA staff may play the recording, not delete it');
  await axeCheck(lead.page, 'a call and its recording (zh)');
  await shot(lead.page, 'calls-zh');
  const callDrawer = lead.page.getByRole('dialog', { name: '通话详情' });
  await callDrawer.getByRole('button', { name: 'Close' }).or(callDrawer.getByRole('button', { name: '关闭' })).first().click();
  await callDrawer.waitFor({ state: 'detached' });
  // the voicemail left in the IVR's mailboxes: the night mailbox's message, played in the browser (QA staff may not
  // delete it)
  await lead.page.getByRole('tab', { name: '语音留言' }).click();
  const message = lead.page.getByTestId('voicemail-table').getByRole('row').filter({ hasText: 'night' });
  await message.getByRole('button', { name: /^播放/ }).click();
  await lead.page.locator('[data-testid=waveform]:not([data-channels="0"])').waitFor({ timeout: 10_000 });
  check((await message.getByRole('button', { name: /^删除/ }).count()) === 0, "QA staff play the night mailbox's message, and may not delete it");
  await axeCheck(lead.page, 'voicemail (zh)');

  const boss = await person('en-US', REFUSED);
  await signIn(boss.page, cfg.boss.login, cfg.boss.password);
  await boss.page.getByRole('menuitem', { name: 'Administration', exact: true }).click();
  await boss.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'Calls', exact: true }).click();
  await boss.page.getByTestId('calls-table').getByRole('row').filter({ hasText: 'Li Si' }).getByRole('button', { name: /^Open / }).click();
  const bossDetail = boss.page.getByTestId('call-detail');
  await bossDetail.locator('[data-testid=waveform]:not([data-channels="0"])').waitFor({ timeout: 10_000 });
  await bossDetail.getByRole('button', { name: 'Delete recording' }).click();
  await boss.page.getByRole('dialog').filter({ hasText: 'audit log' }).getByRole('button', { name: 'Delete', exact: true }).click();
  // the call's record stays, and says its recording was deleted (here and in the list), not "recorded"
  await bossDetail.getByText("This call's recording was deleted.").waitFor();
  await boss.page.getByTestId('calls-table').getByRole('row').filter({ hasText: 'Li Si' }).getByText('Deleted', { exact: true }).waitFor();
  check(true, "the administrator deletes the call's recording, asked first; the call's record stays, saying so");
  await axeCheck(boss.page, 'a call whose recording was deleted (en)');
  const bossDrawer = boss.page.getByRole('dialog', { name: 'Call', exact: true });
  await bossDrawer.getByRole('button', { name: 'Close' }).first().click();
  await bossDrawer.waitFor({ state: 'detached' });
  // the administrator deletes the night mailbox's message, asked first
  await boss.page.getByRole('tab', { name: 'Voicemail' }).click();
  const bossMessage = boss.page.getByTestId('voicemail-table').getByRole('row').filter({ hasText: 'night' });
  await bossMessage.getByRole('button', { name: /^Delete/ }).click();
  await boss.page.getByRole('dialog').filter({ hasText: 'Delete the voicemail' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await boss.page.getByTestId('voicemail-table').getByText('No voicemail').waitFor();
  check(true, "the administrator deletes a voicemail, asked first");
  await axeCheck(boss.page, 'voicemail (en)');

  // ---- reports: the administrator (en) reads the week's KPIs — li's answered call in the support queue — by agent,
  // with the chart, and exports them to Excel
  const figure = async (page, key) => Number((await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value').innerText()).replace(/[^0-9.]/g, ''));
  await boss.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'KPI reports', exact: true }).click();
  await boss.page.getByTestId('kpi-chart').locator('canvas').waitFor();
  check((await figure(boss.page, 'answered')) >= 1 && (await figure(boss.page, 'offered')) >= (await figure(boss.page, 'answered')),
    `the week's calls are counted: ${await figure(boss.page, 'offered')} offered, ${await figure(boss.page, 'answered')} answered`);
  await choose(boss.page, boss.page, 'Group by', 'Agent');
  await boss.page.getByTestId('kpi-table').getByRole('row').filter({ hasText: 'Li Si' }).first().waitFor();
  check(true, 'by agent, li has a row of figures');
  await axeCheck(boss.page, 'KPI reports (en)');
  await shot(boss.page, 'kpis-en');
  const [download] = await Promise.all([boss.page.waitForEvent('download'), boss.page.getByTestId('export-xlsx').click()]);
  const xlsx = readFileSync(await download.path());
  check(xlsx.subarray(0, 2).toString('latin1') === 'PK' && xlsx.includes('xl/worksheets/sheet1.xml') && download.suggestedFilename().endsWith('.xlsx'),
    `the report downloads as an Excel workbook (${download.suggestedFilename()}, ${xlsx.length} bytes)`);
  // a daily report by e-mail: scheduled under the table, listed with its next sending
  const mailing = boss.page.getByTestId('report-schedules');
  await mailing.getByRole('button', { name: 'New scheduled report' }).click();
  const scheduleDialog = boss.page.getByRole('dialog', { name: 'New scheduled report' });
  await field(scheduleDialog, 'Name').fill('每日运营 Daily ops');
  await scheduleDialog.getByRole('combobox', { name: 'Recipients' }).fill('ops@south-bpo.example');
  await scheduleDialog.getByRole('combobox', { name: 'Recipients' }).press('Enter');
  await scheduleDialog.getByRole('button', { name: 'Save' }).click();
  await scheduleDialog.waitFor({ state: 'detached' });
  await mailing.getByRole('row').filter({ hasText: '每日运营 Daily ops' }).filter({ hasText: 'Every day at 08:00' }).waitFor();
  check(true, 'the administrator has the daily report mailed every morning');
  await axeCheck(boss.page, 'reports by e-mail (en)');
  // the agents' scorecard of the month: li ranked with her figures
  await boss.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'Scorecard', exact: true }).click();
  const liScore = boss.page.getByTestId('scorecard-table').getByRole('row').filter({ hasText: 'Li Si' });
  await liScore.waitFor();
  check(true, `the scorecard ranks li: ${(await liScore.innerText()).replace(/\s+/g, ' ')}`);
  await axeCheck(boss.page, 'scorecard (en)');
  await shot(boss.page, 'scorecard-en');
  // li (zh-CN) sees its own figures only
  await agentMenu.getByRole('menuitem', { name: '运营报表' }).click();
  await agent.page.getByText('您本人的指标', { exact: false }).waitFor();
  await agent.page.getByTestId('kpi-chart').locator('canvas').waitFor();
  check((await figure(agent.page, 'answered')) >= 1, `li's own figures count li's answered call (${await figure(agent.page, 'answered')})`);
  check((await agent.page.getByRole('combobox', { name: '分组' }).count()) === 0, 'an agent cannot group by other agents');
  await axeCheck(agent.page, 'own KPIs of an agent (zh)');
  await shot(agent.page, 'kpis-zh');
  await agentMenu.getByRole('menuitem', { name: '绩效考核' }).click();
  const ownScore = agent.page.getByTestId('scorecard-table').getByRole('row').filter({ hasText: 'Li Si' });
  await ownScore.waitFor();
  check((await agent.page.getByTestId('scorecard-table').getByRole('row').count()) === 2, 'li sees her own scorecard row only (绩效考核)');
  await axeCheck(agent.page, 'own scorecard (zh)');

  // ---- forecast and staffing: the administrator (en) finds too little history for the queue, imports its last five
  // weeks from the old system and reads next week's forecast; the supervisor (zh-CN) reads it in Chinese
  await boss.page.getByRole('navigation', { name: 'Administration' }).getByRole('menuitem', { name: 'Forecast & staffing', exact: true }).click();
  await boss.page.getByTestId('forecast-error').filter({ hasText: 'Not enough history' }).waitFor();
  check((await boss.page.getByTestId('forecast-error').innerText()).includes('3 needed'), 'without history the forecast says it needs 3 weeks');
  await boss.page.getByRole('button', { name: 'Import history' }).click();
  const importing = boss.page.getByRole('dialog', { name: 'Import history' });
  await importing.locator('input[type=file]').setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(historyCsv(), 'utf8') });
  const imported = importing.getByTestId('history-imported');
  await imported.waitFor();
  check((await imported.innerText()).includes('0 rejected'), `five weeks of history are imported: ${await imported.innerText()}`);
  await importing.getByRole('button', { name: 'Done' }).click();
  await boss.page.getByTestId('forecast-chart').locator('canvas').waitFor();
  const peak = Number((await boss.page.getByTestId('forecast-cards').locator('.ant-statistic-content-value').nth(2).innerText()).replace(/[^0-9]/g, ''));
  check(peak > 0, `next week's busiest interval needs ${peak} agents scheduled`);
  check((await boss.page.getByTestId('forecast-accuracy').innerText()).includes('week of'), 'the forecast is back-tested on the last whole week');
  await axeCheck(boss.page, 'forecast (en)');
  await shot(boss.page, 'forecast-en');
  const planner = await person('zh-CN', REFUSED);
  await signIn(planner.page, cfg.planner.login, cfg.planner.password);
  await planner.page.getByRole('menuitem', { name: '管理', exact: true }).click();
  await planner.page.getByRole('navigation', { name: '管理' }).getByRole('menuitem', { name: '预测与人力需求', exact: true }).click();
  await planner.page.getByTestId('forecast-chart').locator('canvas').waitFor();
  await planner.page.getByTestId('forecast-days').getByText('需排班小时').waitFor();
  check(true, 'the supervisor reads the forecast and staffing in Chinese');
  await axeCheck(planner.page, 'forecast (zh)');
  await shot(planner.page, 'forecast-zh');

  // ---- schedules: the administrator (en) adds a day shift with a lunch, generates next week's schedule from the
  // forecast, publishes it; li (zh-CN) finds the shifts on the desk
  const adminNav = boss.page.getByRole('navigation', { name: 'Administration' });
  await adminNav.getByRole('menuitem', { name: 'Schedules', exact: true }).click();
  await boss.page.getByRole('tab', { name: 'Shift templates' }).click();
  await boss.page.getByRole('button', { name: 'New template' }).click();
  const templateDrawer = boss.page.getByRole('dialog', { name: 'New template' });
  await field(templateDrawer, 'Name').fill('日班 Day');
  await templateDrawer.getByRole('button', { name: 'Add a break' }).click();
  await templateDrawer.getByRole('button', { name: 'Save' }).click();
  await templateDrawer.waitFor({ state: 'detached' });
  await boss.page.getByTestId('templates-table').getByText('日班 Day').waitFor();
  await boss.page.getByRole('tab', { name: 'Schedule', exact: true }).click();
  await boss.page.getByRole('button', { name: 'Generate schedule' }).click();
  const runDialog = boss.page.getByRole('dialog', { name: 'Generate schedule' });
  await runDialog.getByRole('button', { name: 'Start' }).click();
  const runResult = runDialog.getByTestId('schedule-run').getByText(/paid hours against a lower bound/);
  await runResult.waitFor();
  check(true, `the scheduler runs from the forecast: ${await runResult.innerText()}`);
  await runDialog.getByRole('button', { name: 'Done' }).click();
  await boss.page.getByTestId('schedule-week').getByText(/\d\d:\d\d–\d\d:\d\d/).first().waitFor();
  await boss.page.getByRole('button', { name: /^Publish \d+ drafts$/ }).click();
  await boss.page.getByRole('tooltip').getByRole('button', { name: 'Publish' }).click();
  await boss.page.getByText(/shifts published/).waitFor();
  await axeCheck(boss.page, 'schedules (en)');
  await shot(boss.page, 'schedules-en');
  await agent.page.getByRole('menuitem', { name: '坐席工作台', exact: true }).click();
  const mySchedule = agent.page.getByTestId('my-schedule');
  await mySchedule.getByText(/\d\d:\d\d–\d\d:\d\d/).first().waitFor();
  check(true, `li sees the published shifts on the desk: ${(await mySchedule.innerText()).replace(/\s+/g, ' ').slice(0, 120)}`);
  await axeCheck(agent.page, 'desk with my schedule (zh)');
  await shot(agent.page, 'my-schedule-zh');

  // ---- adherence: li (zh-CN) has a shift today (published by the test): she sees her adherence and asks for an
  // exception; the administrator (en) approves it and reads the day and li's timeline; the supervisor (zh-CN) reads
  // the page and the wallboard's out-of-adherence card in Chinese
  const myAdherence = agent.page.getByTestId('my-adherence');
  await myAdherence.getByTestId('adherence-timeline').waitFor();
  await myAdherence.getByRole('button', { name: '申请例外' }).click();
  const ask = agent.page.getByRole('dialog', { name: '申请例外' });
  await field(ask, '开始').fill(cfg.exception.from);
  await field(ask, '结束').fill(cfg.exception.to);
  await field(ask, '原因').fill('系统故障 CRM down');
  await ask.getByRole('button', { name: '提交' }).click();
  await agent.page.getByText('例外已提交，等待主管审批').waitFor();
  await myAdherence.getByText('待审批').waitFor();
  check(true, 'li asks for an exception from her desk and sees it pending');
  await axeCheck(agent.page, 'desk with my adherence (zh)');
  await myAdherence.scrollIntoViewIfNeeded();
  await shot(agent.page, 'my-adherence-zh');
  await adminNav.getByRole('menuitem', { name: 'Adherence', exact: true }).click();
  await boss.page.getByRole('tab', { name: 'Exceptions' }).click();
  const request = boss.page.getByRole('row').filter({ hasText: '系统故障 CRM down' });
  await request.getByRole('button', { name: 'Approve' }).click();
  await boss.page.getByText('Exception approved').first().waitFor();
  await boss.page.getByRole('tab', { name: 'Day', exact: true }).click();
  const liRow = boss.page.getByRole('row').filter({ hasText: '李四 Li Si' }).filter({ hasText: /\d+\.\d%/ });
  await liRow.waitFor();
  check(true, `the administrator reads the day: ${(await liRow.innerText()).replace(/\s+/g, ' ')}`);
  await liRow.getByRole('button').first().click();
  const timeline = boss.page.getByRole('dialog').getByTestId('adherence-timeline');
  await timeline.waitFor();
  await boss.page.getByRole('dialog').getByText('Approved', { exact: true }).waitFor();
  check(true, "li's timeline holds her approved exception");
  await axeCheck(boss.page, 'adherence agent (en)');
  await shot(boss.page, 'adherence-en');
  await boss.page.keyboard.press('Escape');
  await planner.page.getByRole('navigation', { name: '管理' }).getByRole('menuitem', { name: '遵时管理', exact: true }).click();
  await planner.page.getByRole('columnheader', { name: '遵时率' }).first().waitFor();
  await planner.page.getByRole('columnheader', { name: '出勤符合率' }).first().waitFor();
  check(true, 'the supervisor reads adherence in Chinese');
  await axeCheck(planner.page, 'adherence (zh)');
  await shot(planner.page, 'adherence-zh');
  await planner.page.getByRole('menuitem', { name: '监控大屏', exact: true }).click();
  await planner.page.getByTestId('out-of-adherence').getByText('当前未遵时').waitFor();
  check(true, "the supervisor's wallboard shows who is out of adherence now");
  await axeCheck(planner.page, 'wallboard with adherence (zh)');
});

/**
 * Five whole weeks of a queue's calls before this week's Monday (Shanghai), every half hour from 08:00 to 18:00:
 * busier on Mondays, quieter at weekends, a late-morning peak.
 */
function historyCsv() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const day = new Date(`${today}T00:00:00Z`);
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86400000);
  const weekday = [1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.4];
  const lines = ['start,calls,aht_seconds'];
  for (let d = 35; d >= 1; d--) {
    const date = new Date(monday.getTime() - d * 86400000);
    const iso = date.toISOString().slice(0, 10);
    for (let slot = 16; slot < 36; slot++) {
      const hour = slot / 2;
      const shape = Math.exp(-((hour - 11) ** 2) / 8);
      // a slow rise week on week and some noise, as real weeks have
      const noise = 1 + (((d * 7 + slot * 13) % 11) - 5) / 50;
      const calls = Math.round(40 * (1 + (35 - d) / 200) * weekday[(date.getUTCDay() + 6) % 7] * (0.3 + shape) * noise);
      lines.push(`${iso} ${String(Math.floor(hour)).padStart(2, '0')}:${slot % 2 ? '30' : '00'},${calls},${190 + (slot % 5) * 4}`);
    }
  }
  return lines.join('\n') + '\n';
}
