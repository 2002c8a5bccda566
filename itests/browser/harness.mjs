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
  // with the system's "reduce motion" on, as many call-centre desktops are set: the console then draws dialogs and
  // drop-downs at once. Ant Design's motions wait for an animationend or transitionend that does not always come (a
  // loading spinner's slide-out, cancelled by a quick answer, stayed for good; a closed dialog once stayed on screen
  // for 30 s), and what a flow checks is the console's work, not the library's animations
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });
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

/**
 * Picks an option of an Ant Design select by its title, in the select's own popup (found by the listbox its combobox
 * controls), then waits until the select shows it: a pick that did not take fails here, not later at a field it would
 * have revealed. With `typed`, the text is typed into a searchable select and the option taken with Enter: on a page
 * that redraws while the popup is open (the agent's desk), a mouse click can land between two layouts.
 */
export async function choose(page, scope, label, title, { typed } = {}) {
  // a required field's label starts with the asterisk Ant Design draws (CSS content, part of the accessible name)
  const name = new RegExp(`^(\\* ?)?${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const box = scope.getByRole('combobox', { name });
  await settled(page);
  await box.click();
  const list = await box.getAttribute('aria-controls');
  const option = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${list}"]`) }).getByTitle(title, { exact: true });
  if (typed) {
    await box.fill(typed);
    await option.waitFor();
    await box.press('Enter');
  } else {
    await option.click();
  }
  // the value (or, in a multiple select, one of its tags) carries the option's title; the popup is elsewhere in the page
  const select = box.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const shown = await select.getByTitle(title, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
  if (!shown) {
    check(false, `the select "${label}" shows "${title}" once picked`);
  }
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
    // and once bars and buttons have stopped moving (a progress bar shot mid-way read 10 % beside its "done" tick); a
    // picture is documentation, not a check: one still moving after 5 s is taken as it is
    await page
      .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, { timeout: 5_000 })
      .catch(() => {});
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
