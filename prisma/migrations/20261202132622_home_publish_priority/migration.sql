-- DropIndex
DROP INDEX "SlackMessage_state_lane_notBefore_idx";

-- AlterTable
ALTER TABLE "SlackMessage" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "SlackMessage_state_lane_priority_notBefore_idx" ON "SlackMessage"("state", "lane", "priority" DESC, "notBefore");
