-- AlterTable
ALTER TABLE "Lifecycle" ADD COLUMN     "verifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "verifyBlockedDevices" INTEGER,
ADD COLUMN     "verifyCount" INTEGER NOT NULL DEFAULT 0;

-- Allows approved before this release are not checked after the fact (their threads may be days
-- old, and an upgrade would hunt for all of them at once): their checks count as done.
UPDATE "Lifecycle" SET "verifyCount" = 2;
