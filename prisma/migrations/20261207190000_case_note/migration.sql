-- AlterTable
-- A free-text research note per case (pseudonymous: the server refuses ID-like digit runs and dates)
ALTER TABLE "Case" ADD COLUMN "note" TEXT;
