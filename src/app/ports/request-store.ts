/** The whole request store one database adapter implements (PrismaRequestStore). */
import type { RequestQueries } from './request-queries.ts';
import type { RequestRecords } from './request-records.ts';
import type { WorkClaims } from './work-claims.ts';

/**
 * Every request port at once: what the Prisma adapter implements and the composition root passes
 * around. A use-case names only the parts it uses (e.g. `RequestRecords & WorkClaims`).
 */
export type RequestStore = RequestRecords & RequestQueries & WorkClaims;
