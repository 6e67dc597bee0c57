/** Paged reads behind the App Home tab: never "load everything", always one page and a total. */
import type { RequestSummary } from './request-view.ts';

/** Which page of a list: skip `offset` rows, read at most `limit` (both whole numbers, `limit` ≥ 1). */
export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

/** One page of a list, and how many rows the whole list has ("showing 11–20 of 37"). */
export interface Page<T> {
  readonly items: readonly T[];
  /** Rows skipped before this page. */
  readonly offset: number;
  /** Rows in the whole list when it was read. */
  readonly total: number;
}

/**
 * A request as a Home list shows it: everything but its reporters, of whom Home shows only how many
 * there are ("+999 more reporters"), so a row costs the same with one reporter or a thousand.
 */
export interface HomeItem extends RequestSummary {
  /** How many people reported it (the requester included). */
  readonly reporterCount: number;
}

/** The lists the App Home tab shows, each read one page at a time through an index. */
export interface HomeQueries {
  /** The requests `userId` reported (as requester or a later reporter), newest report first. */
  requestsOf(userId: string, page: PageRequest): Promise<Page<HomeItem>>;
  /** Requests waiting for approvers (`pending_approval`), the longest-waiting first. */
  waitingForApproval(page: PageRequest): Promise<Page<HomeItem>>;
  /** Approved and active allows, the newest request first. */
  activeAllows(page: PageRequest): Promise<Page<HomeItem>>;
}
