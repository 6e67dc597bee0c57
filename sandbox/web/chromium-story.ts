/**
 * The story the sandbox tells, walked in headless Chromium through playwright-core, with a
 * screenshot of each step: the requester reports the first sample portal in #general, the approver
 * picks 3 days and approves (through the confirm dialog), the allow shows under "Defender holds",
 * the clock moves a day on, and the requester reads their DM and Home tab.
 */
import { chromium, type Page } from 'playwright-core';

/** Chromium's flags on this machine: headless as root, and nothing that reaches for the network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium (package `chromium`), unless CHROMIUM names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Walks the page at `url` (a freshly started sandbox) through the story, saving `${shots}<step>.png`
 * after each step. Returns what went wrong: page errors, console errors, a step that timed out.
 */
export async function walkTheStory(url: string, shots: string, log: (line: string) => void = console.log): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });

  async function shot(name: string, p: Page = page): Promise<void> {
    await p.waitForTimeout(700);
    await p.screenshot({ path: `${shots}${name}.png` });
    log(`  ${shots}${name}.png`);
  }

  async function step(name: string, run: () => Promise<void>): Promise<void> {
    log(`• ${name}`);
    await run();
  }

  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid="bot-light"]');
    await step('wait for the bot', async () => {
      await page.waitForSelector('.ub-light-on', { timeout: 60_000 });
    });
    const users = await page.$$eval('[data-testid^="user-"]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)));
    const [requester, approver] = users;
    await step('the requester reports the first sample portal in #general', async () => {
      await page.click(`[data-testid="user-${requester}"]`);
      await page.click('[data-testid="side-general"]');
      await page.click('[data-testid^="suggestion-"]');
      await page.type('[data-testid="composer-input"]', 'the shipping app fails since Monday');
      await page.click('[data-testid="composer-send"]');
      await page.waitForSelector('[data-testid="ephemeral"]', { timeout: 30_000 });
      await shot('1-general');
    });
    await step('the approver sees the request in #security-approvals', async () => {
      await page.click(`[data-testid="user-${approver}"]`);
      await page.click('[data-testid="side-approvals"]');
      await page.waitForSelector('[data-testid="message"] [data-block-type="actions"]', { timeout: 60_000 });
      await shot('2-approvals');
    });
    await step('picks 3 days, approves, confirms', async () => {
      const message = page.locator('[data-testid="message"]').filter({ has: page.locator('#unblock_approve') }).last();
      await message.locator('[data-testid="select-unblock_duration"]').click();
      await message.locator('[data-testid="option-P3D"]').click();
      await message.locator('#unblock_approve').click();
      await page.waitForSelector('.slack_blocks_to_jsx__confirm_dialog');
      await shot('3-confirm');
      await page.locator('.slack_blocks_to_jsx__confirm_dialog button').last().click();
      await page.waitForSelector('[data-testid="indicator-row"] .ub-pill-allowed', { timeout: 60_000 });
      await shot('4-approved');
    });
    await step('opens the thread', async () => {
      await page.locator('[data-testid^="replies-"]').last().click();
      await page.waitForSelector('[data-testid="thread-pane"]');
      await shot('5-thread');
    });
    await step('moves the clock a day on', async () => {
      await page.click('[data-testid="clock-P1D"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="clock-ahead"]')?.textContent?.includes('1d'), undefined, { timeout: 15_000 });
      await shot('6-clock');
    });
    await step('the requester reads their DM and Home', async () => {
      await page.click(`[data-testid="user-${requester}"]`);
      await page.click('[data-testid="side-dm"]');
      await page.waitForSelector('[data-testid="message"]', { timeout: 30_000 });
      await shot('7-dm');
      await page.click('[data-testid="side-home"]');
      await page.waitForSelector('[data-testid="home"] [data-block-index]', { timeout: 30_000 });
      await shot('8-home');
    });
  } catch (e) {
    problems.push(String(e));
    await shot('failed');
  } finally {
    await browser.close();
  }
  return problems;
}
