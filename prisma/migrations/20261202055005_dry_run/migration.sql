-- AlterTable
ALTER TABLE "UnblockRequest" ADD COLUMN     "dryRun" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "DryRunIndicator" (
    "id" TEXT NOT NULL,
    "indicatorValue" TEXT NOT NULL,
    "indicatorType" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "expirationTime" TIMESTAMPTZ(3) NOT NULL,
    "rbacGroupNames" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DryRunIndicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DryRunWrite" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "verb" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "body" TEXT,
    "indicatorValue" TEXT NOT NULL,
    "announcedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DryRunWrite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DryRunIndicator_indicatorValue_indicatorType_action_key" ON "DryRunIndicator"("indicatorValue", "indicatorType", "action");

-- CreateIndex
CREATE INDEX "DryRunWrite_indicatorValue_announcedAt_idx" ON "DryRunWrite"("indicatorValue", "announcedAt");
