-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('investigating', 'pending_approval', 'approved', 'active', 'denied', 'expired', 'revoked', 'failed');

-- CreateEnum
CREATE TYPE "IndicatorType" AS ENUM ('DomainName', 'IpAddress', 'Url');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approved', 'denied');

-- CreateEnum
CREATE TYPE "EvidenceOutcome" AS ENUM ('found', 'none', 'unavailable');

-- CreateTable
CREATE TABLE "UnblockRequest" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "status" "RequestStatus" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "indicatorType" "IndicatorType" NOT NULL,
    "targetValue" TEXT NOT NULL,
    "openKey" TEXT,
    "reportedTarget" TEXT NOT NULL,
    "coversSubdomains" BOOLEAN NOT NULL DEFAULT false,
    "requesterId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "approvalChannelId" TEXT,
    "approvalMessageTs" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UnblockRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reporter" (
    "requestId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reportedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Reporter_pkey" PRIMARY KEY ("requestId","userId")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "requestId" UUID NOT NULL,
    "outcome" "EvidenceOutcome" NOT NULL,
    "collectedAt" TIMESTAMPTZ(3) NOT NULL,
    "lookback" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "error" TEXT,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "Decision" (
    "requestId" UUID NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "deciderId" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "duration" TEXT,
    "allowUntil" TIMESTAMPTZ(3),

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "AllowIndicator" (
    "requestId" UUID NOT NULL,
    "defenderId" TEXT NOT NULL,
    "indicatorType" "IndicatorType" NOT NULL,
    "indicatorValue" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "reusedExisting" BOOLEAN NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AllowIndicator_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "requestId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "RequestStatus",
    "toStatus" "RequestStatus",
    "details" JSONB NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UnblockRequest_number_key" ON "UnblockRequest"("number");

-- CreateIndex
CREATE UNIQUE INDEX "UnblockRequest_openKey_key" ON "UnblockRequest"("openKey");

-- CreateIndex
CREATE INDEX "UnblockRequest_status_idx" ON "UnblockRequest"("status");

-- CreateIndex
CREATE INDEX "AuditEntry_requestId_at_idx" ON "AuditEntry"("requestId", "at");

-- AddForeignKey
ALTER TABLE "Reporter" ADD CONSTRAINT "Reporter_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AllowIndicator" ADD CONSTRAINT "AllowIndicator_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "UnblockRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit trail is append-only: refuse UPDATE and DELETE of its rows (not expressible in schema.prisma).
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEntry is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();
