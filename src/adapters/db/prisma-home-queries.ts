import type { HomeQueries, Page, PageRequest } from '../../app/ports/home-queries.ts';
import type { RequestView } from '../../app/ports/request-view.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { WITH_RELATIONS } from './prisma-request-store.ts';
import { toView } from './request-mapper.ts';

/**
 * HomeQueries through Prisma: each list is one page (`take`/`skip`, a stable order ending in the
 * id) and a count, both through an index (Reporter (userId, reportedAt); UnblockRequest (status,
 * createdAt)), so a Home costs the same with ten requests or ten thousand.
 */
export class PrismaHomeQueries implements HomeQueries {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async requestsOf(userId: string, page: PageRequest): Promise<Page<RequestView>> {
    const [total, reports] = await Promise.all([
      this.prisma.reporter.count({ where: { userId } }),
      this.prisma.reporter.findMany({
        where: { userId },
        orderBy: [{ reportedAt: 'desc' }, { requestId: 'asc' }],
        skip: page.offset,
        take: page.limit,
        select: { requestId: true },
      }),
    ]);
    const rows = await this.prisma.unblockRequest.findMany({ where: { id: { in: reports.map((r) => r.requestId) } }, include: WITH_RELATIONS });
    const order = new Map(reports.map((r, i) => [r.requestId, i]));
    return { items: rows.map(toView).sort((a, b) => order.get(a.request.id)! - order.get(b.request.id)!), offset: page.offset, total };
  }

  waitingForApproval(page: PageRequest): Promise<Page<RequestView>> {
    return this.byStatus({ status: 'pending_approval' }, [{ createdAt: 'asc' }, { id: 'asc' }], page);
  }

  activeAllows(page: PageRequest): Promise<Page<RequestView>> {
    return this.byStatus({ status: { in: ['approved', 'active'] } }, [{ createdAt: 'desc' }, { id: 'asc' }], page);
  }

  private async byStatus(
    where: Prisma.UnblockRequestWhereInput,
    orderBy: Prisma.UnblockRequestOrderByWithRelationInput[],
    page: PageRequest,
  ): Promise<Page<RequestView>> {
    const [total, rows] = await Promise.all([
      this.prisma.unblockRequest.count({ where }),
      this.prisma.unblockRequest.findMany({ where, orderBy, skip: page.offset, take: page.limit, include: WITH_RELATIONS }),
    ]);
    return { items: rows.map(toView), offset: page.offset, total };
  }
}
