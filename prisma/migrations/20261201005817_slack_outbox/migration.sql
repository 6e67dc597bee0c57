-- CreateEnum
CREATE TYPE "SlackMessageKind" AS ENUM ('approval_message', 'approval_refresh', 'reporters_note', 'thread_note', 'reminder', 'reminder_settle', 'direct_message');

-- CreateEnum
CREATE TYPE "SlackMessageState" AS ENUM ('pending', 'delivered', 'dead');

-- AlterTable
ALTER TABLE "Reporter" ADD COLUMN     "announcedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "SlackMessage" (
    "id" BIGSERIAL NOT NULL,
    "lane" TEXT NOT NULL,
    "requestId" UUID,
    "kind" "SlackMessageKind" NOT NULL,
    "recipient" TEXT,
    "payload" JSONB,
    "coalesceKey" TEXT,
    "state" "SlackMessageState" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "notBefore" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "claimOwner" TEXT,
    "claimUntil" TIMESTAMPTZ(3),
    "overdueAlertedAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "channelId" TEXT,
    "ts" TEXT,

    CONSTRAINT "SlackMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackLane" (
    "lane" TEXT NOT NULL,
    "tat" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SlackLane_pkey" PRIMARY KEY ("lane")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackMessage_coalesceKey_key" ON "SlackMessage"("coalesceKey");

-- CreateIndex
CREATE INDEX "SlackMessage_state_lane_notBefore_idx" ON "SlackMessage"("state", "lane", "notBefore");

-- CreateIndex
CREATE INDEX "SlackMessage_requestId_state_idx" ON "SlackMessage"("requestId", "state");

-- CreateIndex
CREATE INDEX "Reporter_requestId_announcedAt_idx" ON "Reporter"("requestId", "announcedAt");

-- Reporters of earlier releases were each named in the thread when they joined.
UPDATE "Reporter" SET "announcedAt" = "reportedAt";
