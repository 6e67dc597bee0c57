import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../app/ports.ts';

export const randomIds: IdGenerator = { newId: () => randomUUID() };
