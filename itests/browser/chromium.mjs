// Debian's chromium, headless, as every browser script here launches it (the flags the developers' guide asks for;
// QUIC off: nothing here speaks it). No --user-data-dir: Playwright refuses it here and gives every launch a fresh,
// empty profile of its own.
import { chromium } from 'playwright-core';

export function launch(executablePath) {
  return chromium.launch({
    executablePath: executablePath ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic'],
  });
}
