// What every browser flow here shares: its configuration (JSON in SEATLINE_BROWSER_CONFIG), the results written to
// cfg.out, checks that end the run on the first failure, one browser profile per person, sign-in, axe-core and
// screenshots, and the run itself (what each open page showed when a check failed).
import { launch } from './chromium.mjs';
import axe from 'axe-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const cfg = JSON.parse(process.env.SEATLINE_BROWSER_CONFIG);
export const results = { checks: [], delaysMs: [], axe: {}, consoleErrors: [] };

export function check(ok, what) {
  results.checks.push({ ok: !!ok, what });
  if (!ok) {
    throw new Error(`check failed: ${what}`);
  }
}

export const browser = await launch(cfg.chromium);

/**
 * A fresh browser profile (cookies, storage) for one person, in a language. Answers a flow asks for on purpose (401
 * before sign-in and after sign-out, a forged write's 403, another tenant's 403/404, a refused input's 400/409) are
 * logged by the browser as failed resources; any other console error is a finding.
 */
export async function person(locale, allowed = /Failed to load resource: the server responded with a status of (400|401|403|404)/) {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.test(m.text())) {
      results.consoleErrors.push(`${locale}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => results.consoleErrors.push(`${locale}: ${e.message}`));
  return { context, page };
}

export async function signIn(page, login, password) {
  await page.goto(cfg.base + '/');
  await page.waitForURL('**/console/');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

/**
 * Waits until no Ant Design motion is running (a dialog zooming in, a drawer sliding): a click on a dialog's button
 * while it was still opening was once lost.
 */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]'), null, { timeout: 10_000 });
}

export async function axeCheck(page, name) {
  // toasts fade in and out: mid-fade their text is pale, which axe reports as low contrast. Checked once they are gone.
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });
  // a page at rest: select and dropdown popups closed (one still fading out is reported as a listbox without a name)
  await page.waitForFunction(
    () => [...document.querySelectorAll('.ant-select-dropdown, .ant-dropdown')].every((e) => /-dropdown-hidden\b/.test(e.className)),
    null,
    { timeout: 10_000 },
  );
  await page.evaluate(axe.source); // through the DevTools protocol: the page's CSP does not apply
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  results.axe[name] = r.violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.length})`);
  check(bad.length === 0, `axe on ${name}: no serious or critical violation (${bad.map((v) => v.id + ': ' + v.nodes[0]?.html).join('; ')})`);
}

export async function shot(page, name) {
  if (cfg.shots) {
    mkdirSync(cfg.shots, { recursive: true });
    await page.evaluate(() => document.fonts.ready); // the CJK font is fetched on first use: shoot once it is there
    await page.screenshot({ path: join(cfg.shots, `${name}.png`), fullPage: true });
  }
}

/** Runs a flow: results.ok when every check held and the browser logged no error; else exit code 1 and the reason. */
export async function run(flow) {
  try {
    await flow();
    check(results.consoleErrors.length === 0, `no errors in the browser console: ${results.consoleErrors.join(' | ')}`);
    results.ok = true;
  } catch (e) {
    // what each open page showed when it failed
    for (const [i, ctx] of browser.contexts().entries()) {
      for (const [j, page] of ctx.pages().entries()) {
        await shot(page, `failure-${i}-${j}`).catch(() => {});
        results.failureText = [...(results.failureText ?? []), (await page.locator('body').innerText().catch(() => '')).slice(0, 2000)];
      }
    }
    results.ok = false;
    results.error = String(e?.stack ?? e);
    process.exitCode = 1;
    console.error(results.error);
  } finally {
    writeFileSync(cfg.out, JSON.stringify(results, null, 2));
    await browser.close();
  }
}
