-- AlterEnum
ALTER TYPE "SlackMessageKind" ADD VALUE 'home_refresh';

-- CreateTable
CREATE TABLE "HomeViewer" (
    "userId" TEXT NOT NULL,
    "approver" BOOLEAN NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "minePage" INTEGER NOT NULL DEFAULT 0,
    "waitingPage" INTEGER NOT NULL DEFAULT 0,
    "activePage" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HomeViewer_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "HomeViewer_approver_idx" ON "HomeViewer"("approver");

-- CreateIndex
CREATE INDEX "Reporter_userId_reportedAt_idx" ON "Reporter"("userId", "reportedAt");
