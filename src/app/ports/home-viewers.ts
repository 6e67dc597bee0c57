/** Who opened the App Home tab, and which page of each list they look at. */

/** The lists of the App Home tab. */
export const HOME_LISTS = ['mine', 'waiting', 'active'] as const;
export type HomeList = (typeof HOME_LISTS)[number];

/** The page (0-based) a viewer turned to in each list. */
export type HomePages = Readonly<Record<HomeList, number>>;

export const FIRST_PAGES: HomePages = { mine: 0, waiting: 0, active: 0 };

export interface HomeViewers {
  /**
   * Records that `userId` opened their Home tab at `at` (UTC), and whether they were an approver
   * then (whose Home changes to the approvers' lists refresh). Idempotent; keeps their pages.
   */
  opened(userId: string, approver: boolean, at: Date): Promise<void>;
  /** The pages `userId` turned to; the first pages for someone who never opened Home. */
  pages(userId: string): Promise<HomePages>;
  /** Shows page `page` (0-based, clamped at 0) of `list` to `userId` from now on. */
  turnPage(userId: string, list: HomeList, page: number): Promise<void>;
  /**
   * Whose Home a change to a request shows in: those of `userIds` (its reporters) who opened Home,
   * and every viewer who was an approver when they opened it. Sorted, without repeats.
   */
  audience(userIds: readonly string[]): Promise<string[]>;
}
