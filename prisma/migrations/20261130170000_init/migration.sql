-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "deidSalt" TEXT NOT NULL,
    "dateShiftDays" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Series" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "seriesKey" TEXT,
    "sourceFormat" TEXT NOT NULL,
    "modality" TEXT,
    "imageCount" INTEGER NOT NULL,
    "dims" TEXT NOT NULL,
    "spacingMm" TEXT NOT NULL,
    "affineRas" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "deidSummary" TEXT,
    "siblings" TEXT NOT NULL,
    "warnings" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Series_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LesionMask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "volumeMl" REAL,
    "diameterMm" REAL,
    "filePath" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LesionMask_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LesionMask_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "caseId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PlanJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "progress" TEXT NOT NULL,
    "error" TEXT,
    "resultPath" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PlanJob_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_label_key" ON "Case"("label");

-- CreateIndex
CREATE INDEX "Series_caseId_idx" ON "Series"("caseId");

-- CreateIndex
CREATE INDEX "LesionMask_caseId_idx" ON "LesionMask"("caseId");

-- CreateIndex
CREATE INDEX "LesionMask_seriesId_idx" ON "LesionMask"("seriesId");

-- CreateIndex
CREATE INDEX "AuditEvent_caseId_idx" ON "AuditEvent"("caseId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "PlanJob_caseId_idx" ON "PlanJob"("caseId");

-- CreateIndex
CREATE INDEX "PlanJob_status_idx" ON "PlanJob"("status");
