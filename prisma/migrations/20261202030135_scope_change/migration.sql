-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SlackMessageKind" ADD VALUE 'scope_change';
ALTER TYPE "SlackMessageKind" ADD VALUE 'scope_change_settle';

-- AlterTable
ALTER TABLE "UnblockRequest" ADD COLUMN     "scopeChangeChannelId" TEXT,
ADD COLUMN     "scopeChangeGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "scopeChangeMessageTs" TEXT,
ADD COLUMN     "scopeChangeOpenedAt" TIMESTAMPTZ(3),
ADD COLUMN     "scopeChangeReporters" TEXT[] DEFAULT ARRAY[]::TEXT[];
