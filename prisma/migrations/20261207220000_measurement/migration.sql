-- CreateTable
-- A reader's measurement (length, bidimensional, spherical ROI) on a series or a simulated sample, kept with the case
CREATE TABLE "Measurement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "seriesId" TEXT,
    "jobId" TEXT,
    "candidate" TEXT,
    "sample" INTEGER,
    "geometry" TEXT NOT NULL,
    "measured" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Measurement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Measurement_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Measurement_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "PlanJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Measurement_caseId_idx" ON "Measurement"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Measurement_caseId_label_key" ON "Measurement"("caseId", "label");
