import type { HomeItem, HomeQueries, Page, PageRequest } from '../../app/ports/home-queries.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { WITH_RELATIONS } from './prisma-request-store.ts';
import { toSummary } from './request-mapper.ts';

// Every relation of a RequestView but the reporters, of whom a Home row shows only how many there
// are: a count in the same statement, so a request with a thousand reporters costs a Home what one
// with a single reporter does (the channel messages still read them all, WITH_RELATIONS).
const { reporters: _readByTheChannelMessagesOnly, ...WITHOUT_REPORTERS } = WITH_RELATIONS;
const HOME_ROW = { ...WITHOUT_REPORTERS, _count: { select: { reporters: true } } } as const satisfies Prisma.UnblockRequestInclude;

type HomeRow = Prisma.UnblockRequestGetPayload<{ include: typeof HOME_ROW }>;

const toHomeItem = (row: HomeRow): HomeItem => ({ ...toSummary(row), reporterCount: row._count.reporters });

/**
 * HomeQueries through Prisma: each list is one page (`take`/`skip`, a stable order ending in the
 * id) and a count, both through an index (Reporter (userId, reportedAt); UnblockRequest (status,
 * createdAt)), and each row reads its reporters' count, never the reporters, so a Home costs the
 * same with ten requests or ten thousand, and with one reporter each or a thousand.
 */
export class PrismaHomeQueries implements HomeQueries {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async requestsOf(userId: string, page: PageRequest): Promise<Page<HomeItem>> {
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
    const rows = await this.prisma.unblockRequest.findMany({ where: { id: { in: reports.map((r) => r.requestId) } }, include: HOME_ROW });
    const order = new Map(reports.map((r, i) => [r.requestId, i]));
    return { items: rows.map(toHomeItem).sort((a, b) => order.get(a.request.id)! - order.get(b.request.id)!), offset: page.offset, total };
  }

  waitingForApproval(page: PageRequest): Promise<Page<HomeItem>> {
    return this.byStatus({ status: 'pending_approval' }, [{ createdAt: 'asc' }, { id: 'asc' }], page);
  }

  activeAllows(page: PageRequest): Promise<Page<HomeItem>> {
    return this.byStatus({ status: { in: ['approved', 'active'] } }, [{ createdAt: 'desc' }, { id: 'asc' }], page);
  }

  private async byStatus(
    where: Prisma.UnblockRequestWhereInput,
    orderBy: Prisma.UnblockRequestOrderByWithRelationInput[],
    page: PageRequest,
  ): Promise<Page<HomeItem>> {
    const [total, rows] = await Promise.all([
      this.prisma.unblockRequest.count({ where }),
      this.prisma.unblockRequest.findMany({ where, orderBy, skip: page.offset, take: page.limit, include: HOME_ROW }),
    ]);
    return { items: rows.map(toHomeItem), offset: page.offset, total };
  }
}
