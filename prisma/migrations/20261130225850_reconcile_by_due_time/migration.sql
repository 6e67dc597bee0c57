-- AlterTable
ALTER TABLE "Lifecycle" ADD COLUMN     "nextDueAt" TIMESTAMPTZ(3),
ADD COLUMN     "planVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "removalAlertedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Lifecycle_nextDueAt_idx" ON "Lifecycle"("nextDueAt");

-- Open allows are planned again by the reconciler's first round ("due now"); closed ones are never due.
UPDATE "Lifecycle" AS l SET "nextDueAt" = '1970-01-01T00:00:00Z'
FROM "UnblockRequest" AS r
WHERE r."id" = l."requestId" AND r."status" IN ('approved', 'active');
