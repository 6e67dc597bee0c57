-- AlterTable
ALTER TABLE "UnblockRequest" ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "escalationClaimUntil" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "UnblockRequest_status_createdAt_idx" ON "UnblockRequest"("status", "createdAt");
