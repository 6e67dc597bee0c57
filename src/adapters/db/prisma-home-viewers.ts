import type { HomeList, HomePages, HomeViewers } from '../../app/ports/home-viewers.ts';
import { FIRST_PAGES } from '../../app/ports/home-viewers.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';

const COLUMN: Record<HomeList, 'minePage' | 'waitingPage' | 'activePage'> = { mine: 'minePage', waiting: 'waitingPage', active: 'activePage' };

/** HomeViewers on the HomeViewer table (one row per user who opened the Home tab). */
export class PrismaHomeViewers implements HomeViewers {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async opened(userId: string, approver: boolean, at: Date): Promise<void> {
    await this.prisma.homeViewer.upsert({ where: { userId }, create: { userId, approver, openedAt: at }, update: { approver, openedAt: at } });
  }

  async pages(userId: string): Promise<HomePages> {
    const row = await this.prisma.homeViewer.findUnique({ where: { userId } });
    return row ? { mine: row.minePage, waiting: row.waitingPage, active: row.activePage } : FIRST_PAGES;
  }

  async turnPage(userId: string, list: HomeList, page: number): Promise<void> {
    // Only a viewer has a Home to page through (Unblock publishes Home to viewers only).
    await this.prisma.homeViewer.updateMany({ where: { userId }, data: { [COLUMN[list]]: Math.max(0, Math.trunc(page)) } });
  }

  async audience(userIds: readonly string[]): Promise<string[]> {
    const rows = await this.prisma.homeViewer.findMany({
      where: { OR: [{ approver: true }, ...(userIds.length > 0 ? [{ userId: { in: [...userIds] } }] : [])] },
      select: { userId: true },
      orderBy: { userId: 'asc' },
    });
    return rows.map((r) => r.userId);
  }
}
