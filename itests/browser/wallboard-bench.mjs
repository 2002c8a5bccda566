// The wallboard benchmark (issue 21): a supervisor's wallboard in Debian's chromium (headless, playwright-core) over a
// floor of many agents while agents change state at a fixed rate through the REST API. Run by bench/console-bench.py,
// which starts the distribution and provisions the floor; configuration comes as JSON in SEATLINE_BENCH_CONFIG.
//
// Measured:
//  - delay from the server's state change (the event's time, which the tile carries as data-since) to the next frame
//    after the tile changed (a MutationObserver notes the change, requestAnimationFrame the frame that shows it);
//  - the browser main thread's busy fraction over the measured window, from a Chromium performance trace (the
//    renderer main thread's top-level tasks), cross-checked with the DevTools Performance domain's TaskDuration;
//  - after the load, every tile against the server's own agent states (none may be left stale);
//  - the agent desk's JavaScript at first load, gzip (what an agent's browser downloads before its desk shows).
import { launch } from './chromium.mjs';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const cfg = JSON.parse(process.env.SEATLINE_BENCH_CONFIG);
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const auth = 'Basic ' + Buffer.from(`${cfg.operator.login}:${cfg.operator.password}`).toString('base64');
const api = (method, path, body) =>
  fetch(`${cfg.base}/api/v1${path}`, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const browser = await launch(cfg.chromium);
const out = {};
try {
  // ---- the agent desk's JavaScript at first load (one agent of the floor signs in)
  {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const scripts = new Map();
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script') {
        scripts.set(r.url(), gzipSync(await r.body()).length);
      }
    });
    await page.goto(cfg.base + '/console/');
    await page.locator('#login').fill(cfg.agent.login);
    await page.locator('#password').fill(cfg.agent.password);
    await page.locator('button[type=submit]').click();
    await page.getByText('My desk').waitFor();
    await page.waitForLoadState('networkidle');
    out.deskScripts = Object.fromEntries([...scripts].map(([u, n]) => [u.replace(/.*\//, ''), n]));
    out.deskJsGzipKB = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
    log(`agent desk JavaScript at first load: ${out.deskJsGzipKB.toFixed(1)} KB gzip in ${scripts.size} files`);
    await context.close();
  }

  // ---- the supervisor's wallboard over the whole floor
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cfg.base + '/console/');
  await page.locator('#login').fill(cfg.supervisor.login);
  await page.locator('#password').fill(cfg.supervisor.password);
  await page.locator('button[type=submit]').click();
  await page.getByText('Queues').first().waitFor();
  const tiles = page.locator('[data-testid^=tile-]');
  for (const deadline = Date.now() + 60_000; (await tiles.count()) < cfg.agents.length; ) {
    if (Date.now() > deadline) {
      throw new Error(`the wallboard shows ${await tiles.count()} tiles, not ${cfg.agents.length}`);
    }
    await page.waitForTimeout(250);
  }
  const queueRows = await page.locator('.ant-table-row').count(); // drawn: a long queue table draws only the rows in view
  log(`wallboard shows ${await tiles.count()} agent tiles; ${queueRows} queue rows drawn`);
  out.tiles = await tiles.count();
  out.queueRows = queueRows;

  await page.evaluate(() => {
    window.__delays = [];
    window.__measure = false;
    new MutationObserver((records) => {
      if (!window.__measure) {
        return;
      }
      const sinces = [];
      for (const r of records) {
        const since = r.target.getAttribute('data-since');
        if (since) {
          sinces.push(Date.parse(since));
        }
      }
      if (sinces.length > 0) {
        requestAnimationFrame(() => {
          const at = Date.now();
          for (const s of sinces) {
            window.__delays.push(at - s);
          }
        });
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-since'] });
  });

  // ---- the load: cfg.rate changes a second, round robin over the shuffled floor, each agent READY <-> NOT_READY
  const order = [...cfg.agents].sort(() => Math.random() - 0.5);
  const state = new Map(order.map((a) => [a.userId, a.state]));
  let sent = 0;
  let failed = 0;
  let inflight = 0;
  let maxInflight = 0;
  const change = async (a) => {
    const next = state.get(a.userId) === 'READY' ? 'NOT_READY' : 'READY';
    state.set(a.userId, next);
    inflight++;
    maxInflight = Math.max(maxInflight, inflight);
    try {
      const r = await api('PUT', `/tenants/${cfg.tenant}/agents/${a.userId}/state`, next === 'READY' ? { state: 'READY' } : { state: 'NOT_READY', reason: 'break' });
      if (!r.ok) {
        failed++;
        if (failed < 5) {
          log(`state change refused: ${r.status} ${await r.text()}`);
        }
      }
      await r.arrayBuffer().catch(() => {});
    } catch (e) {
      failed++;
    } finally {
      inflight--;
    }
  };
  const load = async (seconds) => {
    const start = Date.now();
    const total = Math.round(seconds * cfg.rate);
    const pending = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / cfg.rate;
      const wait = due - Date.now();
      if (wait > 0) {
        await new Promise((ok) => setTimeout(ok, wait));
      }
      pending.push(change(order[sent++ % order.length]));
    }
    await Promise.all(pending);
    return (Date.now() - start) / 1000;
  };

  log(`warm-up: ${cfg.warmupSeconds} s at ${cfg.rate} changes/s`);
  await load(cfg.warmupSeconds);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const m0 = await metric();
  await page.evaluate(() => {
    window.__delays = [];
    window.__measure = true;
  });
  if (cfg.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const sentBefore = sent;
  log(`measuring: ${cfg.seconds} s at ${cfg.rate} changes/s over ${cfg.agents.length} agents`);
  const took = await load(cfg.seconds);
  // the last changes' tiles: a second for them to arrive
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    window.__measure = false;
  });
  const m1 = await metric();
  if (cfg.profile) {
    // self time by function, with the call path's outer functions (a JavaScript profile of the measured window)
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) {
      for (const c of n.children ?? []) {
        parent.set(c, n.id);
      }
    }
    const self = new Map();
    const total = new Map();
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const ms = (dt[i + 1] ?? 0) / 1000;
      const n = byId.get(id);
      const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\//, '')}:${n.callFrame.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + ms);
      const seen = new Set();
      for (let p = id; p !== undefined; p = parent.get(p)) {
        const f = byId.get(p).callFrame;
        const k = `${f.functionName || '(anon)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber}`;
        if (!seen.has(k)) {
          seen.add(k);
          total.set(k, (total.get(k) ?? 0) + ms);
        }
      }
    });
    const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`);
    log('JavaScript self time:\n' + top(self).join('\n'));
    log('JavaScript total time:\n' + top(total).join('\n'));
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const delays = await page.evaluate(() => window.__delays);
  out.changes = sent - sentBefore;
  out.failed = failed;
  out.achievedRate = out.changes / took;
  out.maxInflight = maxInflight;
  out.delaysCount = delays.length;
  const sorted = [...delays].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)];
  out.delayMs = { p50: pct(50), p95: pct(95), p99: pct(99), max: sorted[sorted.length - 1], min: sorted[0] };

  // main-thread busy fraction from the trace: top-level tasks of the renderer's main thread within the window
  const events = trace.traceEvents ?? trace;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = null;
  for (const m of mains) {
    const tasks = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
    if (!best || tasks.length > best.tasks.length) {
      best = { pid: m.pid, tid: m.tid, tasks };
    }
  }
  const stamps = events.filter((e) => typeof e.ts === 'number' && e.ts > 0 && e.pid === best?.pid);
  const t0 = stamps.reduce((m, e) => Math.min(m, e.ts), Infinity);
  const t1 = stamps.reduce((m, e) => Math.max(m, e.ts + (e.dur ?? 0)), -Infinity);
  const busyUs = (best?.tasks ?? []).reduce((n, e) => n + Math.max(0, Math.min(e.ts + e.dur, t1) - Math.max(e.ts, t0)), 0);
  out.trace = { tasks: best?.tasks.length ?? 0, windowS: (t1 - t0) / 1e6, busyS: busyUs / 1e6 };
  // where the main thread's time went (events nest: a figure per kind, not a partition)
  const kinds = {};
  for (const e of events) {
    if (e.pid === best?.pid && e.tid === best?.tid && e.ph === 'X' && e.dur && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') {
      kinds[e.name] = (kinds[e.name] ?? 0) + e.dur / 1e6;
    }
  }
  out.mainThreadSeconds = Object.fromEntries(Object.entries(kinds).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  log(`main thread by kind (s): ${JSON.stringify(out.mainThreadSeconds)}`);
  out.busyFromTrace = busyUs / (t1 - t0);
  out.busyFromTaskDuration = (m1.TaskDuration - m0.TaskDuration) / (m1.Timestamp - m0.Timestamp);
  log(`${out.changes} changes in ${took.toFixed(1)} s (${out.achievedRate.toFixed(1)}/s, ${failed} refused); tile delay p50 ${out.delayMs.p50} ms `
    + `p95 ${out.delayMs.p95} ms p99 ${out.delayMs.p99} ms max ${out.delayMs.max} ms over ${delays.length} tile changes; main thread busy `
    + `${(out.busyFromTrace * 100).toFixed(1)} % (trace, ${out.trace.tasks} tasks over ${out.trace.windowS.toFixed(1)} s), `
    + `${(out.busyFromTaskDuration * 100).toFixed(1)} % (TaskDuration)`);

  // ---- no tile left stale: the page against the server's states, once the stream has delivered everything
  const server = await (await api('GET', `/tenants/${cfg.tenant}/agents`)).json().catch(() => null);
  const truth = new Map((Array.isArray(server) ? server : server?.items ?? []).map((a) => [a.login, a.state]));
  let stale = -1;
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
    const shown = await page.evaluate(() => [...document.querySelectorAll('[data-testid^=tile-]')].map((e) => [e.dataset.testid.slice(5), e.dataset.state]));
    stale = shown.filter(([login, s]) => truth.get(login) !== s).length;
    if (stale === 0 && shown.length === truth.size) {
      break;
    }
    await page.waitForTimeout(200);
  }
  out.staleTiles = stale;
  if (cfg.shot) {
    await page.screenshot({ path: cfg.shot }); // what the supervisor sees (the top of the floor)
  }
  out.serverAgents = truth.size;
  out.pageErrors = errors;
  log(`tiles that differ from the server's states after the load: ${stale} of ${truth.size}`);
  out.ok = stale === 0 && failed === 0 && errors.length === 0 && delays.length >= out.changes * 0.95;
} catch (e) {
  out.ok = false;
  out.error = String(e?.stack ?? e);
  console.error(out.error);
  process.exitCode = 1;
} finally {
  writeFileSync(cfg.out, JSON.stringify(out, null, 2));
  await browser.close();
}
