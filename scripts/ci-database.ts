/**
 * `node scripts/ci-database.ts create <server-url>` creates a fresh, uniquely named database on the
 * PostgreSQL server and prints its URL; `drop <database-url>` removes it again. Used by .ci/run.
 */
import pg from 'pg';

async function main(): Promise<void> {
  const [command, url] = process.argv.slice(2);
  if (!url || (command !== 'create' && command !== 'drop')) throw new Error('usage: ci-database.ts create <server-url> | drop <database-url>');
  const target = new URL(url);
  const name = command === 'create' ? `unblock_ci_${Date.now()}_${process.pid}` : target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing odd database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    if (command === 'create') {
      await client.query(`CREATE DATABASE ${name}`);
      target.pathname = `/${name}`;
      console.log(target.toString());
    } else {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

await main();
