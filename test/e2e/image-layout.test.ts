import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Node.js 24, as the image's `node` (the project's own, node_modules/node). */
const NODE_24_BIN = `${ROOT}node_modules/node/bin`;

/**
 * The official Node.js image's entry point, verbatim (github.com/nodejs/docker-node,
 * `docker-entrypoint.sh`): a first argument that is an option or a file that is not a command runs
 * with `node`.
 */
const DOCKER_ENTRYPOINT = `#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** npm's cafile setting of the npm that runs the tests, if it has one. */
function cafile(): Record<string, string> {
  return process.env.npm_config_cafile ? { npm_config_cafile: process.env.npm_config_cafile } : {};
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        // The registry's CA as the outer npm trusts it (`npm test` exports its cafile setting; Node 24's
        // own npm does not read the machine's global npmrc, so a registry behind a TLS proxy is
        // refused when a package is not in the cache yet).
        env: { PATH: `${NODE_24_BIN}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/root', NODE_ENV: 'production', ...cafile(), ...options.env },
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The Dockerfile's runtime stage, reproduced on this machine (it has no Docker daemon, and no registry
 * for the base image): production dependencies only (`npm ci --omit=dev --ignore-scripts`), then
 * `prisma/` and `src/` (with the Prisma client the build stage generates) copied in, and every
 * command started through the image's entry point. Shows the bot, `npm run doctor` and
 * `npm run audit:export` need nothing the image leaves out.
 */
describe("the Docker image's runtime stage", () => {
  let dir: string;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unblock-image-'));
    for (const file of ['package.json', 'package-lock.json']) await cp(`${ROOT}${file}`, join(dir, file));
    const install = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
    expect(install.code, install.stderr).toBe(0);
    await cp(`${ROOT}prisma`, join(dir, 'prisma'), { recursive: true });
    await cp(`${ROOT}src`, join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'docker-entrypoint.sh'), DOCKER_ENTRYPOINT);
    database = await databaseTargets()[0]!.create({ migrated: true });
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const entrypoint = (args: readonly string[], env: Record<string, string> = {}) => run('sh', ['docker-entrypoint.sh', ...args], { cwd: dir, env });

  it("the image's command starts the bot, which lists every missing setting", async () => {
    const bot = await entrypoint(['node', '--max-semi-space-size=1', 'src/main.ts']);
    expect(bot.code).toBe(1);
    expect(bot.stderr).toContain('SLACK_BOT_TOKEN: required');
  });

  it("the Dockerfile's HEALTHCHECK command runs in the image and probes /readyz where the bot listens (HOST=::1 too)", async () => {
    const dockerfile = await readFile(`${ROOT}Dockerfile`, 'utf8');
    const command = JSON.parse(/^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    const server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? 200 : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    try {
      const port = String((server.address() as { port: number }).port);
      const [program, ...args] = command;
      expect((await run(program!, args, { cwd: dir, env: { HOST: '::1', PORT: port } })).code).toBe(0);
      expect((await run(program!, args, { cwd: dir, env: { PORT: port } })).code).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the doctor runs from the entry point (`docker run … unblock src/doctor.ts`)', async () => {
    const doctor = await entrypoint(['src/doctor.ts']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^✗ Configuration/m);
  });

  it('the audit export runs from the entry point (`docker run … unblock src/audit-export.ts --since …`)', async () => {
    const exported = await entrypoint(['src/audit-export.ts', '--since', '2026-01-01'], { DATA_DIR: database.settings.dataDir });
    expect([exported.code, exported.stdout, exported.stderr]).toEqual([0, '', '']);
    const refused = await entrypoint(['src/audit-export.ts', '--since', 'yesterday'], { DATA_DIR: database.settings.dataDir });
    expect(refused.code).toBe(2);
  });
});
