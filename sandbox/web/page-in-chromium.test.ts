import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, README_SHOTS, walkTheStory } from './chromium-story.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A person's view of the whole sandbox: the real `npm run sandbox` (bot, stand-ins, page) driven in
// headless Chromium. Needs Debian's chromium (not on a fresh machine of this kind: `apt-get install
// chromium`, which .ci/run does): skipped where it is missing, unless REQUIRE_BROWSER is set (CI),
// where a missing browser fails the test instead of hiding it.
const browserMissing = !existsSync(CHROMIUM_PATH);

describe.skipIf(browserMissing && !process.env.REQUIRE_BROWSER)('the page in Chromium against npm run sandbox', () => {
  it('has a browser to drive', () => {
    expect(browserMissing, `REQUIRE_BROWSER is set and there is no Chromium at ${CHROMIUM_PATH}`).toBe(false);
  });

  it('goes through the lifecycle as people click it: report → approve → reminder → extend → revoke, with the thread, Defender, DMs and Home', async () => {
    const { TEST_DATABASE_URL: _unused, ...env } = process.env;
    const child = spawn(`${ROOT}node_modules/.bin/node`, ['sandbox/main.ts'], { cwd: ROOT, detached: true, env: { ...env, SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      for (const deadline = Date.now() + 120_000; !/open http:\/\/127\.0\.0\.1:\d+\//.test(output); ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the sandbox did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
      // SCREENSHOT_DIR=docs/screenshots (npm run sandbox:screenshots) refreshes the README's pictures.
      const shots = process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR.replace(/\/$/, '')}/` : join(await mkdtemp(join(tmpdir(), 'unblock-page-shots-')), 'page-');
      const problems = await walkTheStory(url, shots, () => undefined, process.env.SCREENSHOT_DIR ? README_SHOTS : undefined);
      expect(problems, `screenshots: ${shots}*.png`).toEqual([]);
    } finally {
      // As a terminal's Ctrl-C: the sandbox stops its bot and removes its folder.
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      await exited;
    }
  }, 300_000);
});
