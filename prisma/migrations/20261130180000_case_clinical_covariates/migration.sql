-- AlterTable
ALTER TABLE "Case" ADD COLUMN "clinical" TEXT;
