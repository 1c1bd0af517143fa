#!/usr/bin/env Rscript
# Golden Cox fits of the cohort risk models (risk-hcc-tace, risk-crlm), computed with base R + the
# survival package from the shared cohort tables, coded here independently of the TypeScript reader:
#
#   cd packages/survival/reference && Rscript make-cohort-reference.R [path/to/shared/data/cohorts]
#
# Writes cohort-reference.json next to this script; the TypeScript tests compare against it (CI
# needs no R). Not for clinical use.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[[1]] else "../../../../shared/data/cohorts"
script_dir <- tryCatch(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), error = function(e) ".")
if (is.na(script_dir)) script_dir <- "."

# HCC-TACE: landmark at the first follow-up scan; OS and Interval_FU in weeks -> months.
h <- read.csv(file.path(dir, "hcc-tace-clinical.csv"), check.names = FALSE, na.strings = c("", "NA"), stringsAsFactors = FALSE)
rel <- sapply(1:3, function(k) {
  bl <- h[[paste0(k, "_mRECIST_BL")]]; fu <- h[[paste0(k, "_mRECIST_FU")]]
  ifelse(!is.na(bl) & !is.na(fu) & bl > 0, (fu - bl) / bl, NA)
})
h$diameterSumChange <- apply(rel, 1, function(r) if (all(is.na(r))) NA else mean(r, na.rm = TRUE))
h$time <- (h$OS - h$Interval_FU) * 12 / 52.1775
h$event <- h$Death_1_StillAliveorLostToFU_0
h$portalVeinThrombosis <- h[["Portal Vein Thrombosis"]]
h$afpAtLeast400 <- as.numeric(h$AFP >= 400)
h$childPughBOrC <- as.numeric(h$CPS %in% c("B", "C"))
h$ecogAtLeast1 <- as.numeric(h[["PS_bclc_0_0_1-2_1_3-4_3"]] >= 1)
hcc <- coxph(Surv(time, event) ~ diameterSumChange + portalVeinThrombosis + afpAtLeast400 + childPughBOrC + ecogAtLeast1,
             data = h, ties = "efron")

# CRLM: OS in months; CEA -999 and a 0 cm maximum size are missing.
c <- read.csv(file.path(dir, "crlm-clinical.csv"), check.names = FALSE, stringsAsFactors = FALSE)
c$carcinoembryonic_antigen[c$carcinoembryonic_antigen == -999] <- NA
c$max_tumor_size[c$max_tumor_size == 0] <- NA
c$largestBaselineDiameterMm <- c$max_tumor_size * 10
c$ceaElevated <- as.numeric(c$carcinoembryonic_antigen > 5)
crlm <- coxph(Surv(overall_survival_months, vital_status) ~ largestBaselineDiameterMm + multiple_metastases + bilobar_disease + ceaElevated +
                node_positive_primary + synchronous_crlm + extrahep_disease, data = c, ties = "efron")

fit_json <- function(fit) {
  s <- summary(fit)
  list(n = fit$n, events = fit$nevent, coefficients = unname(coef(fit)), stdErr = unname(sqrt(diag(fit$var))),
       lower95 = unname(s$conf.int[, "lower .95"]), upper95 = unname(s$conf.int[, "upper .95"]),
       logLik = fit$loglik[2], concordance = unname(fit$concordance["concordance"]))
}
num <- function(x) if (length(x) == 1) format(x, digits = 15) else paste0("[", paste(format(x, digits = 15), collapse = ", "), "]")
obj <- function(l) paste0("{", paste(sprintf('"%s": %s', names(l), sapply(l, num)), collapse = ", "), "}")
writeLines(paste0('{"rVersion": "', R.version.string, '", "survival": "', packageVersion("survival"), '",\n "hccTace": ', obj(fit_json(hcc)), ',\n "crlm": ', obj(fit_json(crlm)), "}"),
           file.path(script_dir, "cohort-reference.json"))
