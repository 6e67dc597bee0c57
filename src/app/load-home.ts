import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { HomeItem, HomeQueries, Page, PageRequest } from './ports/home-queries.ts';
import type { HomeList, HomeViewers } from './ports/home-viewers.ts';
import type { Clock } from './ports/runtime.ts';

/** Rows per page of each Home list: with their controls, well under Slack's 100 blocks per Home view. */
export const HOME_PAGE_SIZE: Readonly<Record<HomeList, number>> = { mine: 10, waiting: 5, active: 5 };

/** What one user's App Home tab shows, read from the database when it is rendered. */
export interface HomeModel {
  readonly viewerId: string;
  /** Whether the viewer may approve (asked of the approver directory now, not when they first opened Home). */
  readonly isApprover: boolean;
  readonly mine: Page<HomeItem>;
  /** Approvers only: requests waiting for approvers. */
  readonly waiting: Page<HomeItem> | null;
  /** Approvers only: approved and active allows. */
  readonly active: Page<HomeItem> | null;
  /** When it was read (UTC). */
  readonly at: Date;
}

export interface LoadHomeDeps {
  readonly homeQueries: HomeQueries;
  readonly homeViewers: Pick<HomeViewers, 'pages'>;
  readonly approvers: ApproverDirectory;
  readonly clock: Clock;
}

/**
 * Reads what `userId`'s Home tab shows: their own requests, and for an approver the requests waiting
 * for approvers and the active allows, each the page the viewer turned to (a page past the end of a
 * list that shrank shows its last page instead). Who sees what is decided here, once: a non-approver
 * never gets the approvers' lists.
 */
export async function loadHome(deps: LoadHomeDeps, userId: string): Promise<HomeModel> {
  const [pages, isApprover] = await Promise.all([deps.homeViewers.pages(userId), deps.approvers.isApprover(userId)]);
  const read = (list: HomeList, query: (page: PageRequest) => Promise<Page<HomeItem>>) => readPage(query, pages[list], HOME_PAGE_SIZE[list]);
  const [mine, waiting, active] = await Promise.all([
    read('mine', (page) => deps.homeQueries.requestsOf(userId, page)),
    isApprover ? read('waiting', (page) => deps.homeQueries.waitingForApproval(page)) : null,
    isApprover ? read('active', (page) => deps.homeQueries.activeAllows(page)) : null,
  ]);
  return { viewerId: userId, isApprover, mine, waiting, active, at: deps.clock.now() };
}

async function readPage(query: (page: PageRequest) => Promise<Page<HomeItem>>, pageIndex: number, limit: number): Promise<Page<HomeItem>> {
  const page = await query({ offset: pageIndex * limit, limit });
  if (page.items.length > 0 || page.total === 0 || page.offset === 0) return page;
  return query({ offset: Math.floor((page.total - 1) / limit) * limit, limit });
}
