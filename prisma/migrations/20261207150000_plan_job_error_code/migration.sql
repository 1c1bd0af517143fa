-- AlterTable
-- A failed job's stable error code and the progress phase it failed in (no identifiers)
ALTER TABLE "PlanJob" ADD COLUMN "errorCode" TEXT;
ALTER TABLE "PlanJob" ADD COLUMN "errorStage" TEXT;
