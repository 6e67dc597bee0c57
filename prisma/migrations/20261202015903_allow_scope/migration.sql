-- AlterTable
ALTER TABLE "AllowIndicator" ADD COLUMN     "rbacGroupNames" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "rbacGroupNames" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "rbacGroupNames" TEXT[] DEFAULT ARRAY[]::TEXT[];
