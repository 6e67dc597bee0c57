-- AlterTable
ALTER TABLE "UnblockRequest" ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "closedBy" TEXT;

-- CreateTable
CREATE TABLE "Lifecycle" (
    "requestId" UUID NOT NULL,
    "activationAttempts" INTEGER NOT NULL DEFAULT 0,
    "nextActivationAt" TIMESTAMPTZ(3),
    "activationFailingSince" TIMESTAMPTZ(3),
    "lastActivationError" TEXT,
    "activationAlertedAt" TIMESTAMPTZ(3),
    "reminderSentFor" TIMESTAMPTZ(3),
    "reminderChannelId" TEXT,
    "reminderMessageTs" TEXT,
    "driftCheckedAt" TIMESTAMPTZ(3),
    "driftReported" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),

    CONSTRAINT "Lifecycle_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" BIGSERIAL NOT NULL,
    "requestId" UUID NOT NULL,
    "actorId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "duration" TEXT NOT NULL,
    "fromExpiry" TIMESTAMPTZ(3) NOT NULL,
    "toExpiry" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Lifecycle_leaseUntil_idx" ON "Lifecycle"("leaseUntil");

-- CreateIndex
CREATE INDEX "Extension_requestId_idx" ON "Extension"("requestId");

-- AddForeignKey
ALTER TABLE "Lifecycle" ADD CONSTRAINT "Lifecycle_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Requests approved or active before this migration get their lifecycle bookkeeping too.
INSERT INTO "Lifecycle" ("requestId")
SELECT "id" FROM "UnblockRequest" WHERE "status" IN ('approved', 'active')
ON CONFLICT DO NOTHING;
