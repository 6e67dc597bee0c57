-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "indicatorType" "IndicatorType",
ADD COLUMN     "indicatorValue" TEXT;

-- CreateTable
CREATE TABLE "Approval" (
    "requestId" UUID NOT NULL,
    "approverId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "duration" TEXT NOT NULL,
    "indicatorType" "IndicatorType",

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("requestId","approverId")
);

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Approvals decided before this migration were single-approver decisions: give each its Approval row,
-- so every approval ever given has one.
INSERT INTO "Approval" ("requestId", "approverId", "at", "duration", "indicatorType")
SELECT "requestId", "deciderId", "decidedAt", "duration", NULL
FROM "Decision"
WHERE "outcome" = 'approved' AND "duration" IS NOT NULL;
