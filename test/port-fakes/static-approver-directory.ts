import type { ApproverDirectory } from '../../src/app/ports/approver-directory.ts';

/** A fixed set of approver user ids. */
export class StaticApproverDirectory implements ApproverDirectory {
  private readonly ids: ReadonlySet<string>;

  constructor(ids: readonly string[]) {
    this.ids = new Set(ids);
  }

  async isApprover(userId: string): Promise<boolean> {
    return this.ids.has(userId);
  }
}
