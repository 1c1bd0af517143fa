-- AlterTable
-- The disease the case is planned for (hcc | crlm; null = not chosen yet: a plan is then refused)
ALTER TABLE "Case" ADD COLUMN "disease" TEXT;
