-- AlterTable
-- The de-identified Study, Series and Frame of Reference UIDs of a DICOM series (JSON; null for NIfTI):
-- what DICOM outputs derived from the CT reference
ALTER TABLE "Series" ADD COLUMN "dicomReference" TEXT;
