import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { startSandbox, type RunningSandbox } from './sandbox.ts';

// The sandbox's server as a browser on this machine, and another page open in it, would reach it.
// The page itself is a stub here (its own tests build and drive the real one).
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    buildPage: async (dir) => {
      await mkdir(dir, { recursive: true });
      await writeFile(`${dir}/index.html`, '<!doctype html><title>stub</title>');
    },
  });
}, 180_000);
afterAll(() => sandbox?.stop());

const state = async (): Promise<SandboxState> => (await fetch(`${sandbox.url}api/state`)).json() as Promise<SandboxState>;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A raw HTTP request with a Host header of our choosing (fetch will not send a forged one). */
function withHost(host: string): Promise<number> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path: '/api/state', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * The addresses listening on TCP `port`, from the kernel's socket tables (/proc/net/tcp and tcp6:
 * `local_address` is hex address:port, state 0A is LISTEN); `::` or `0.0.0.0` means every interface.
 */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map(([, local]) => {
        const hex = local!.split(':')[0]!;
        if (hex.length === 8) return hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.');
        return /^0+$/.test(hex) ? '::' : hex;
      }),
  );
}

async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the sandbox keeps to this machine and this page', () => {
  it('its bot listens on loopback only', async () => {
    expect((await fetch(`http://127.0.0.1:${sandbox.botPort}/livez`)).ok).toBe(true);
    expect(listeningAddresses(sandbox.botPort)).toEqual(['127.0.0.1']);
    const outward = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    // A machine with no other interface has nothing to reach it from.
    if (outward) await expect(fetch(`http://${outward.address}:${sandbox.botPort}/livez`)).rejects.toThrow();
  });

  it('refuses what another web page in the same browser could send, and changes nothing', async () => {
    const before = await state();
    // A cross-site form or text/plain POST needs no CORS preflight.
    const textPlain = await fetch(`${sandbox.url}api/command`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ userId: 'U0DAVID', text: 'csrf.example.com' }) });
    expect(textPlain.status).toBe(415);
    const otherOrigin = await post('command', { userId: 'U0DAVID', text: 'csrf.example.com' }, { origin: 'https://evil.example' });
    expect(otherOrigin.status).toBe(403);
    // DNS rebinding: evil.example resolving to 127.0.0.1 reaches the port under another name.
    expect(await withHost('evil.example:4480')).toBe(421);
    expect(await withHost(new URL(sandbox.url).host)).toBe(200);
    const after = await state();
    expect(after.ephemerals).toEqual(before.ephemerals);
    expect(after.messages).toEqual(before.messages);
  });

  it.each(['-P1D', 'P0D', 'garbage', 'P1000D'])('refuses to move the clock by %s, and leaves it', async (advance) => {
    const answer = await post('clock', { advance });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/forward|ISO-8601|400 days/);
    expect((await state()).offsetMs).toBe(0);
  });
});

describe('the sandbox passes on what Slack would', () => {
  it('an empty /portal-blocked reaches the bot, which answers it', async () => {
    const answer = await post('command', { userId: 'U0DAVID', text: '' });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { reply: string }).reply).toMatch(/portal-blocked/);
  });

  it('a click on a message that changed since is delivered as drawn, and the bot refuses it; a refusal in a thread is shown in the thread', async () => {
    await post('command', { userId: 'U0AMIRA', text: 'https://logistics.contoso.com/portal/login shipping app' });
    const message = await until('the approval message', async () => (await state()).messages.find((m) => m.text?.startsWith('Unblock request #')));
    const approve = { surface: { kind: 'message', channel: message.channel, ts: message.ts }, blockId: 'unblock_decision', actionId: 'unblock_approve', type: 'button', state: {}, blocks: message.blocks };
    expect((await post('action', { userId: 'U0BEN', ...approve })).status).toBe(200);
    await until('the allow', async () => ((await state()).indicators.some((i) => i.action === 'Allowed') ? true : undefined));
    await until('the message redrawn', async () => ((await state()).messages.find((m) => m.ts === message.ts)?.edited ? true : undefined));

    // A click naming a block that holds no such control is refused by the page's API, whatever other
    // block holds one: it is not the click the page drew (critic: it approved another request).
    const elsewhere = await post('action', { userId: 'U0CHLOE', ...approve, blockId: 'block-0' });
    expect([elsewhere.status, ((await elsewhere.json()) as { error: string }).error]).toEqual([400, 'no control unblock_approve on that message']);

    // Chloé's page still showed the old message with its Approve button.
    expect((await post('action', { userId: 'U0CHLOE', ...approve })).status).toBe(200);
    const refusal = await until('the refusal', async () => (await state()).ephemerals.find((e) => e.userId === 'U0CHLOE'));
    expect(refusal.channel).toBe(message.channel);
    expect(refusal.threadTs).toBeUndefined();
    expect((await state()).indicators.filter((i) => i.action === 'Allowed')).toHaveLength(1);

    // The 1-day allow is reminded of an hour before it ends: David (no approver) clicks Extend on the
    // reminder, in the thread.
    expect((await post('clock', { advance: 'PT23H15M' })).status).toBe(200);
    const reminder = await until('the reminder', async () => (await state()).messages.find((m) => m.threadTs === message.ts && JSON.stringify(m.blocks ?? []).includes('unblock_extend')));
    const extend = { surface: { kind: 'message', channel: reminder.channel, ts: reminder.ts }, blockId: 'unblock_reminder', actionId: 'unblock_extend', type: 'button', state: {}, blocks: reminder.blocks };
    expect((await post('action', { userId: 'U0DAVID', ...extend })).status).toBe(200);
    const inThread = await until('the refusal in the thread', async () => (await state()).ephemerals.find((e) => e.userId === 'U0DAVID' && e.channel === message.channel));
    expect(inThread.threadTs).toBe(message.ts);
    expect(inThread.text).toMatch(/approver/i);
  });
});
