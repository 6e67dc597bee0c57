/**
 * The story the sandbox tells, walked in headless Chromium through playwright-core as a person would
 * click it, asserting at each step on what the page shows, with a screenshot of each step:
 * the requester reports a portal in #general → the approver reads the approval message (names, not
 * ids; dates, not `<!date^…>`), picks 3 days and approves through the confirm dialog → the thread and
 * "Defender holds" show the allow → the approver's App Home lists it → the clock moves 2 days and an
 * hour on: the check after activation and the reminder arrive in the thread → Extend (3 days, confirm)
 * moves the indicator's expiry → Revoke (confirm) deletes it → the requester's DM and Home say so.
 */
import { chromium, type Locator } from 'playwright-core';

/** Chromium's flags on this machine: headless as root, and nothing that reaches for the network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium (package `chromium`), unless CHROMIUM names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** How long a step may wait for the bot (ms): it answers within seconds; Slack's pacing adds a few more. */
const STEP_MS = 60_000;

/** The screenshots the README shows (docs/screenshots/<name>.png). */
export const README_SHOTS = ['approval-message', 'thread', 'app-home'] as const;

/**
 * Walks the page at `url` (a freshly started sandbox) through the story, saving `${shots}<step>.png`
 * after each step (only the steps named in `only`, when given). Returns what went wrong: a failed
 * expectation, page errors, console errors.
 */
export async function walkTheStory(url: string, shots: string, log: (line: string) => void = console.log, only?: readonly string[]): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });

  const shot = async (name: string) => {
    if (only && !only.includes(name)) return;
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${shots}${name}.png` });
    log(`  ${shots}${name}.png`);
  };
  const step = async (name: string, run: () => Promise<void>) => {
    log(`• ${name}`);
    await run();
  };
  /** Waits until `locator` shows `text` (a substring of its visible text). */
  const shows = async (locator: Locator, text: string | RegExp, what = String(text)) => {
    try {
      await locator.filter({ hasText: text }).first().waitFor({ timeout: STEP_MS });
    } catch {
      throw new Error(`the page never showed ${what}; it shows: ${(await locator.allInnerTexts().catch(() => [])).join(' | ').slice(0, 2_000)}`);
    }
  };
  const viewAs = (userId: string) => page.click(`[data-testid="user-${userId}"]`);
  const confirmDialog = () => page.locator('.slack_blocks_to_jsx__confirm_dialog');
  const approvalMessage = () => page.locator('[data-testid="message"]').filter({ hasText: 'Unblock request #1' }).first();
  const allowRow = () => page.locator('[data-testid="indicator-row"]').filter({ hasText: 'Allowed' });

  try {
    await page.goto(url);
    await step('the bot is ready', () => page.waitForSelector('.ub-light-on', { timeout: STEP_MS }).then(() => undefined));

    await step('Amira reports the logistics portal in #general', async () => {
      await viewAs('U0AMIRA');
      await page.click('[data-testid="side-general"]');
      await page.fill('[data-testid="composer-input"]', '/portal-blocked https://logistics.contoso.com/portal/login the shipping app fails since Monday');
      await page.click('[data-testid="composer-send"]');
      await shows(page.locator('[data-testid="ephemeral"]'), 'Sent to the security team as request #1');
      await shows(page.locator('[data-testid="ephemeral"]'), 'Only visible to you');
      await shot('1-report');
    });

    await step('Ben reads the approval message: names, device groups, dates in words', async () => {
      await viewAs('U0BEN');
      await page.click('[data-testid="side-approvals"]');
      const message = approvalMessage();
      await shows(message, 'Amira Haddad', 'the requester by name');
      await shows(message, 'Lyon office');
      await shows(message, 'Paris office');
      await shows(message, 'Approving overrides', "the org's Block it would override");
      const text = await message.innerText();
      for (const raw of ['<@U0', '<!date^', 'U0AMIRA', '*Applies to*']) if (text.includes(raw)) throw new Error(`the approval message shows raw mrkdwn ${raw}`);
      await shows(message, /Today \d{1,2}:\d{2}/, 'a date in words ("Today 9:41 AM")');
      // A URL in inline code is shown, never a link that leaves the machine.
      const live = await message.locator('a.slack_code_inline').evaluateAll((links) => links.filter((a) => getComputedStyle(a).pointerEvents !== 'none').map((a) => a.textContent));
      if (live.length > 0) throw new Error(`inline code is a live link: ${live.join(', ')}`);
      // From its header: the top of the message at the top of the pane (not just "somewhere in view").
      await message.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await shot('approval-message');
    });

    await step('picks 3 days, approves, confirms', async () => {
      const message = approvalMessage();
      await message.locator('[data-testid="select-unblock_duration"]').click();
      await message.locator('[data-testid="option-P3D"]').click();
      await shows(message.locator('[data-testid="select-unblock_duration"]'), '3 days', 'the picked duration in the select');
      await message.locator('#unblock_approve').click();
      // The sample portal is on the organisation's own block list: the dialog says so in its title and names the Block.
      await shows(confirmDialog(), "Override your organisation's block?");
      await shows(page.getByRole('dialog', { name: "Override your organisation's block?" }), 'Approving overrides Block', 'the confirm dialog, named by its title, naming the Block it overrides');
      await shot('2-confirm');
      await confirmDialog().locator('button').last().click();
      await shows(message, 'Approved by', 'the approval in the message');
      await shows(message, 'Ben Okafor');
      await shows(allowRow(), 'Lyon office, Paris office', 'the allow under "Defender holds", limited to the two groups');
      await shot('2-approved');
    });

    await step('opens the thread: the indicator is named', async () => {
      await approvalMessage().locator('[data-testid^="replies-"]').click();
      const thread = page.locator('[data-testid="thread-pane"]');
      await shows(thread, /Defender allow indicator `?\d+`? created/, 'the created indicator in the thread');
      // The replies, not the parent, are what the thread adds: show them.
      await thread.locator('[data-testid="message"]').last().scrollIntoViewIfNeeded();
      await shot('3-thread');
    });

    await step("Ben's App Home lists the active allow", async () => {
      await page.click('[data-testid="side-home"]');
      await shows(page.locator('[data-testid="home"]'), 'logistics.contoso.com');
      await shows(page.locator('[data-testid="home"]'), 'Active allows');
      await shot('app-home');
    });

    const expiryBefore = await allowRow().locator('td').nth(3).innerText();
    await step('the clock moves 2 days and an hour on: the check after activation and the reminder arrive', async () => {
      await page.click('[data-testid="side-approvals"]');
      await page.fill('[data-testid="clock-free"]', 'P2DT1H');
      await page.click('[data-testid="clock-free-go"]');
      await shows(page.locator('[data-testid="clock-ahead"]'), '2d 1h', 'the sandbox clock 2 days and an hour ahead');
      await approvalMessage().locator('[data-testid^="replies-"]').click();
      const thread = page.locator('[data-testid="thread-pane"]');
      await shows(thread, 'Did the allow work?');
      await shows(thread, 'no block events since the allow');
      await shows(thread.locator('[data-testid="message"]'), 'Extend it, revoke it now, or let it expire', 'the expiry reminder');
      await thread.locator('[data-testid="message"]').last().scrollIntoViewIfNeeded();
      await shot('thread');
    });

    await step('extends by 3 days from the reminder, through its confirm dialog', async () => {
      const reminder = page.locator('[data-testid="thread-pane"] [data-testid="message"]').filter({ has: page.locator('#unblock_extend') }).last();
      await reminder.locator('[data-testid="select-unblock_extend_duration"]').click();
      await reminder.locator('[data-testid="option-P3D"]').click();
      await reminder.locator('#unblock_extend').click();
      await shows(confirmDialog(), 'Extend this allow?');
      await confirmDialog().locator('button').last().click();
      await shows(page.locator('[data-testid="thread-pane"]'), 'Extended by', 'the extension in the thread');
      await page.waitForFunction((before) => {
        const row = [...document.querySelectorAll('[data-testid="indicator-row"]')].find((r) => r.textContent?.includes('Allowed'));
        return row !== undefined && row.querySelectorAll('td')[3]?.textContent !== before;
      }, expiryBefore, { timeout: STEP_MS });
      await shot('5-extended');
    });

    await step('revokes from the approval message, through its confirm dialog: the indicator is gone', async () => {
      await page.click('[data-testid="thread-close"]');
      const message = approvalMessage();
      await message.locator('#unblock_revoke').click();
      await shows(confirmDialog(), 'Revoke this allow now?');
      await confirmDialog().locator('button').last().click();
      await shows(message, 'Revoked', 'the revocation in the message');
      await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="indicator-row"]')].some((r) => r.textContent?.includes('Allowed')), undefined, { timeout: STEP_MS });
      await shot('6-revoked');
    });

    await step("Amira's DM and App Home tell her", async () => {
      await viewAs('U0AMIRA');
      await page.click('[data-testid="side-dm"]');
      await shows(page.locator('[data-testid="message"]'), 'was approved by', 'the approval DM');
      await shows(page.locator('[data-testid="message"]'), 'was revoked by', 'the revocation DM');
      await shot('7-dm');
      await page.click('[data-testid="side-home"]');
      await shows(page.locator('[data-testid="home"]'), 'My requests');
      await shows(page.locator('[data-testid="home"]'), /revoked/i, 'the request revoked on her Home');
      await shot('8-home');
    });
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
    await shot('failed').catch(() => {});
  } finally {
    await browser.close();
  }
  return problems;
}
