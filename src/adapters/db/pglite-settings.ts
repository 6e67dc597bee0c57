import { setFlagsFromString } from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * PostgreSQL's buffer cache inside embedded PGlite. PostgreSQL's default (and what initdb writes)
 * is 128MB; PGlite allocates it inside its WebAssembly memory and touches all of it at start, so
 * it is resident from the first query: measured 400 MB RSS for an opened PGlite at 128MB, 215 MB at
 * 16MB. Unblock's whole database is a few MB (15,000 allows included), and a miss is a read from
 * the OS page cache, so 16MB loses nothing that shows. Source: PostgreSQL 18 docs, "Resource
 * Consumption" (shared_buffers, and wal_buffers following it at 1/32).
 */
const SHARED_BUFFERS = 'shared_buffers=16MB';

/**
 * How Unblock starts PGlite (@electric-sql/pglite 0.5, `PGliteOptions`):
 * - `startParams` are the arguments of the single-user backend and replace PGlite's own
 *   (`PGlite.defaultStartParams`), so they are kept and the buffer size is added after them; a
 *   `-c` on the command line wins over postgresql.conf, so directories initialised by earlier
 *   releases (which say 128MB) get it too.
 * - `initDbStartParams` go to PGlite's initdb: `--set` (initdb ≥ 16) writes the same size into a
 *   new directory's postgresql.conf, so its bootstrap runs use it as well.
 */
export function pgliteOptions(): PGliteOptions {
  return {
    startParams: [...PGlite.defaultStartParams, '-c', SHARED_BUFFERS],
    initDbStartParams: ['--set', SHARED_BUFFERS],
  };
}

let baselineOnly = false;

/**
 * Keeps WebAssembly (PGlite, 9 MB of wasm, and Prisma's schema engine) on V8's baseline compiler,
 * Liftoff, process-wide. By default V8 recompiles hot wasm functions with TurboFan in the
 * background ("dynamic tiering"); for PostgreSQL's largest functions each
 * of those compilations takes hundreds of MB for a moment: an opened PGlite doing a thousand
 * small queries peaked at 740 MB RSS with tiering and 211 MB without, and initdb at 1,070 MB and
 * 515 MB. Liftoff's code is slower than TurboFan's, but on Unblock's small queries the difference
 * stayed within the noise of those runs (much of a query's time is JavaScript: protocol, Prisma),
 * and no TurboFan compilations compete with the work for the CPU after a start. Both flags
 * are needed: `--no-wasm-tier-up` alone still tiers up dynamically. Sources: V8
 * src/flags/flag-definitions.h (`wasm_tier_up`, `wasm_dynamic_tiering`); Node's
 * `v8.setFlagsFromString` (Node keeps V8 flags writable after start: `--no-freeze-flags-after-init`
 * is its default). Must run before the first module is compiled; later calls do nothing.
 */
export function keepWasmOnBaselineTier(): void {
  if (baselineOnly) return;
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
  baselineOnly = true;
}
