-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "existingIndicators" JSONB;
