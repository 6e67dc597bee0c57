import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection right after start-up: start-up (migrations check, Bolt, Prisma)
 * leaves tens of MB of garbage in V8's young generation that an idle bot would otherwise keep
 * resident until work arrives. `--expose-gc` set at run time makes `gc` available to a new context
 * (Node's documented v8.setFlagsFromString caveats apply: only this one flag is changed).
 */
export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
