-- AlterTable
ALTER TABLE "Lifecycle" ADD COLUMN     "verifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "verifyBlockedDevices" INTEGER,
ADD COLUMN     "verifyCount" INTEGER NOT NULL DEFAULT 0;
