-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint;

-- CreateTable
CREATE TABLE "AuditForwardCursor" (
    "target" TEXT NOT NULL,
    "afterXid" BIGINT NOT NULL DEFAULT 0,
    "afterId" BIGINT NOT NULL DEFAULT 0,
    "sentCount" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuditForwardCursor_pkey" PRIMARY KEY ("target")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_id_idx" ON "AuditEntry"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_xid_id_idx" ON "AuditEntry"("xid", "id");
