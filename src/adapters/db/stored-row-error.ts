/** A stored row that does not read as what Unblock writes (an older release's shape, a hand edit). */
export class StoredRowError extends Error {
  constructor(table: string, requestId: string, issue: string) {
    super(`the ${table} row of request ${requestId} does not read as Unblock writes it (${issue}); nothing was changed`);
    this.name = 'StoredRowError';
  }
}
