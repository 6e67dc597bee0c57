import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../app/ports/runtime.ts';

export const randomIds: IdGenerator = { newId: () => randomUUID() };
