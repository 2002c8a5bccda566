// Desk click -> re-INVITE (issue 21's benchmark): an agent's desk in Debian's chromium (headless, playwright-core)
// holds and resumes a real SIPp call many times; each click's time is written out, and bench/console-bench.py matches
// them with the re-INVITEs' arrival in the customer's SIPp message trace (same machine clock). Run by that script,
// which starts the call; configuration comes as JSON in SEATLINE_BENCH_CONFIG.
import { launch } from './chromium.mjs';
import { writeFileSync } from 'node:fs';

const cfg = JSON.parse(process.env.SEATLINE_BENCH_CONFIG);
const browser = await launch(cfg.chromium);
const out = { clicks: [] };
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(cfg.base + '/console/');
  await page.locator('#login').fill(cfg.agent.login);
  await page.locator('#password').fill(cfg.agent.password);
  await page.locator('button[type=submit]').click();
  await page.getByText('My desk').waitFor();
  writeFileSync(cfg.ready, 'ready'); // the script places the call now
  await page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ timeout: 60_000 });
  // the customer's scenario keys a digit 1.5 s after the answer and takes no re-INVITE before that
  await page.waitForTimeout(2500);
  for (let i = 0; i < cfg.rounds; i++) {
    for (const [button, phase] of [['Hold (F4)', 'held'], ['Resume (F4)', 'talking']]) {
      const target = page.getByRole('button', { name: button });
      await target.waitFor();
      out.clicks.push(Date.now());
      await target.click();
      await page.locator(`[data-testid=call-phase][data-phase=${phase}]`).waitFor({ timeout: 10_000 });
    }
  }
  await page.keyboard.press('F9');
  await page.locator('[data-testid=call-phase][data-phase=talking]').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String(e?.stack ?? e);
  console.error(out.error);
  process.exitCode = 1;
} finally {
  writeFileSync(cfg.out, JSON.stringify(out, null, 2));
  await browser.close();
}
