#!/usr/bin/env Rscript
# Golden values for @mewm/survival, computed with base R + the survival package only.
#
#   cd packages/survival/reference && Rscript make-reference.R [path/to/hepatoCellular.csv]
#
# Writes reference.json next to this script. The TypeScript tests compare against it; CI does not
# need R. Data sets: survival::veteran (also dumped into the JSON so tests need no R) and the
# hepatoCellular CSV from the shared data folder (read by the tests from the shared data).
#
# Conventions fixed here and mirrored in the TypeScript package:
#  * Kaplan-Meier, log-rank, Cox, concordance: survival's own functions with default options.
#  * Time-dependent AUC (cumulative/dynamic, timeROC's definition) and Brier score (Graf et al.
#    1999) are written out below by hand: cases T_i <= t with an event weighted 1/G(T_i-),
#    controls / subjects still at risk T_i > t weighted 1/G(t), G = Kaplan-Meier of the censoring
#    distribution, survfit(Surv(time, 1 - status) ~ 1). Marker ties count 1/2 in AUC.
#  * coxph leaves covariates whose values all lie in {-1, 0, 1} uncentred (nocenter), so their
#    fit$means are 0; basehaz(centered = TRUE) and the linear predictors depend on this.
#  * Concordance standard errors are sqrt(fit$var) (infinitesimal jackknife).
#  * Integrated Brier score = (1/tau) * exact integral of the right-continuous step function BS(t)
#    over [0, tau] (BS only changes at observed times).
#
# Not for clinical use.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
csv_path <- if (length(args) >= 1) args[[1]] else "../../../../shared/data/survival/hepatoCellular.csv"
script_dir <- tryCatch(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))),
                       error = function(e) ".")
if (is.na(script_dir)) script_dir <- "."

# ---------------------------------------------------------------------------------------------
# Minimal JSON writer: named list -> object, unnamed list -> array, atomic length 1 -> scalar
# unless wrapped in I() (always an array), NA -> null, +-Inf / NaN -> "Inf" / "-Inf" / "NaN".
json_num <- function(v) {
  ifelse(is.na(v) & !is.nan(v), "null",
         ifelse(is.nan(v), "\"NaN\"",
                ifelse(is.infinite(v), ifelse(v > 0, "\"Inf\"", "\"-Inf\""), sprintf("%.17g", v))))
}
json_str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    inner <- vapply(x, to_json, "")
    if (!is.null(names(x))) return(paste0("{", paste0(json_str(names(x)), ":", inner, collapse = ","), "}"))
    return(paste0("[", paste(inner, collapse = ","), "]"))
  }
  if (is.matrix(x)) return(to_json(lapply(seq_len(ncol(x)), function(j) I(unname(x[, j])))))
  vals <- if (is.character(x)) json_str(x) else if (is.logical(x)) ifelse(x, "true", "false") else json_num(as.numeric(x))
  if (length(x) == 1 && !inherits(x, "AsIs")) return(vals)
  paste0("[", paste(vals, collapse = ","), "]")
}
A <- function(x) I(unname(as.vector(x)))  # force an array

# ---------------------------------------------------------------------------------------------
km_block <- function(time, status, rmean_tau) {
  out <- list()
  for (ct in c("log", "log-log", "plain")) {
    f <- survfit(Surv(time, status) ~ 1, conf.type = ct)
    tab <- summary(f, rmean = rmean_tau)$table
    if (ct == "log") {
      out$time <- A(f$time); out$nRisk <- A(f$n.risk); out$nEvent <- A(f$n.event); out$nCensor <- A(f$n.censor)
      out$survival <- A(f$surv); out$stdErrLogSurvival <- A(f$std.err)
      out$stdErrSurvival <- A(summary(f, times = f$time, censored = TRUE)$std.err)
      out$rmeanHorizon <- rmean_tau; out$rmean <- unname(tab["rmean"]); out$rmeanStdErr <- unname(tab["se(rmean)"])
    }
    key <- gsub("-", "", ct)
    out[[paste0("lower_", key)]] <- A(f$lower); out[[paste0("upper_", key)]] <- A(f$upper)
    out[[paste0("median_", key)]] <- A(tab[c("median", "0.95LCL", "0.95UCL")])
  }
  out
}

logrank_block <- function(time, status, group) {
  sd <- survdiff(Surv(time, status) ~ group)
  list(groups = A(as.character(sort(unique(group)))), chisq = sd$chisq, df = length(sd$n) - 1,
       p = pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE),
       observed = A(sd$obs), expected = A(sd$exp))
}

g_fit <- function(time, status) survfit(Surv(time, 1 - status) ~ 1)
g_at <- function(gf, t) { f <- stepfun(gf$time, c(1, gf$surv)); f(t) }                      # G(t)
g_before <- function(gf, t) vapply(t, function(u) { k <- which(gf$time < u); if (length(k)) gf$surv[max(k)] else 1 }, 0)

auc_at <- function(time, status, marker, t, gf) {
  case <- time <= t & status == 1; ctrl <- time > t
  if (!any(case) || !any(ctrl)) return(NA_real_)
  wi <- 1 / g_before(gf, time[case]); wj <- rep(1 / g_at(gf, t), sum(ctrl))
  mi <- marker[case]; mj <- marker[ctrl]
  cmp <- outer(mi, mj, function(a, b) (a > b) + 0.5 * (a == b))
  sum(wi * (cmp %*% wj)) / (sum(wi) * sum(wj))
}

brier_at <- function(time, status, surv_t, t, gf) {
  w_case <- ifelse(time <= t & status == 1, 1 / g_before(gf, time), 0)
  w_alive <- ifelse(time > t, 1 / g_at(gf, t), 0)
  mean(w_case * surv_t^2 + w_alive * (1 - surv_t)^2)
}

cox_block <- function(time, status, X, ties, profiles, times, tau) {
  dat <- data.frame(time = time, status = status, X)
  form <- as.formula(paste("Surv(time, status) ~", paste(names(X), collapse = " + ")))
  fit <- coxph(form, data = dat, ties = ties)
  s <- summary(fit)
  p <- length(coef(fit))
  out <- list(
    covariates = A(names(X)), ties = ties, coef = A(coef(fit)), stdErr = A(sqrt(diag(fit$var))),
    variance = fit$var, z = A(s$coefficients[, "z"]), p = A(s$coefficients[, "Pr(>|z|)"]),
    hazardRatio = A(exp(coef(fit))), hrLower = A(s$conf.int[, "lower .95"]), hrUpper = A(s$conf.int[, "upper .95"]),
    logLikNull = fit$loglik[1], logLik = fit$loglik[2], iterations = fit$iter, means = A(fit$means),
    # summary.coxph rounds the Wald statistic to 2 decimals, so the tests are taken from the fit itself
    wald = list(stat = fit$wald.test, df = p, p = pchisq(fit$wald.test, p, lower.tail = FALSE)),
    likelihoodRatio = list(stat = 2 * diff(fit$loglik), df = p, p = pchisq(2 * diff(fit$loglik), p, lower.tail = FALSE)),
    score = list(stat = fit$score, df = p, p = pchisq(fit$score, p, lower.tail = FALSE)),
    linearPredictor = A(fit$linear.predictors)
  )
  bc <- basehaz(fit, centered = TRUE); bu <- basehaz(fit, centered = FALSE)
  out$baseHazardCentered <- list(time = A(bc$time), cumulativeHazard = A(bc$hazard))
  out$baseHazardUncentered <- list(time = A(bu$time), cumulativeHazard = A(bu$hazard))
  sf <- survfit(fit, newdata = profiles)
  rm <- summary(sf, rmean = tau)$table[, "rmean"]
  out$predicted <- list(profiles = lapply(seq_len(nrow(profiles)), function(i) as.list(profiles[i, , drop = FALSE])),
                        time = A(sf$time), survival = unname(sf$surv), rmeanHorizon = tau, rmean = A(rm))
  if (ties == "efron") {
    hc <- concordance(fit); uc <- concordance(fit, timewt = "n/G2")
    out$harrell <- list(concordance = hc$concordance, stdErr = sqrt(hc$var), counts = as.list(hc$count))
    out$uno <- list(concordance = uc$concordance, stdErr = sqrt(uc$var), counts = as.list(uc$count))
    gf <- g_fit(time, status)
    lp <- fit$linear.predictors
    out$auc <- list(times = A(times), auc = A(vapply(times, function(t) auc_at(time, status, lp, t, gf), 0)))
    sall <- survfit(fit, newdata = dat)
    surv_at <- function(t) { k <- which(sall$time <= t); if (length(k)) sall$surv[max(k), ] else rep(1, nrow(dat)) }
    out$brier <- list(times = A(times), brier = A(vapply(times, function(t) brier_at(time, status, surv_at(t), t, gf), 0)))
    grid <- sort(unique(c(0, time[time < tau])))
    bs <- vapply(grid, function(t) brier_at(time, status, surv_at(t), t, gf), 0)
    out$integratedBrier <- list(horizon = tau, ibs = sum(bs * diff(c(grid, tau))) / tau)
  }
  out
}

# ---------------------------------------------------------------------------------------------
vet <- survival::veteran
vet_x <- data.frame(trt = vet$trt, karno = vet$karno, diagtime = vet$diagtime, age = vet$age, prior = vet$prior,
                    smallcell = as.numeric(vet$celltype == "smallcell"), adeno = as.numeric(vet$celltype == "adeno"),
                    large = as.numeric(vet$celltype == "large"))
vet_profiles <- data.frame(trt = c(1, 2), karno = c(40, 80), diagtime = c(5, 10), age = c(60, 55), prior = c(0, 10),
                           smallcell = c(1, 0), adeno = c(0, 0), large = c(0, 1))
veteran_out <- list(
  description = "survival::veteran; celltype as indicators (reference squamous); trt 1/2 and prior 0/10 as in the data; time in days",
  data = list(time = A(vet$time), status = A(vet$status), trt = A(vet$trt), celltype = A(as.character(vet$celltype)),
              karno = A(vet$karno), diagtime = A(vet$diagtime), age = A(vet$age), prior = A(vet$prior)),
  km = km_block(vet$time, vet$status, 365),
  logrankTrt = logrank_block(vet$time, vet$status, vet$trt),
  logrankCelltype = logrank_block(vet$time, vet$status, as.character(vet$celltype)),
  coxEfron = cox_block(vet$time, vet$status, vet_x, "efron", vet_profiles, c(30, 90, 180), 365),
  coxBreslow = cox_block(vet$time, vet$status, vet_x, "breslow", vet_profiles, c(30, 90, 180), 365)
)

hcc <- read.csv(csv_path)
hcc_x <- data.frame(age = hcc$Age, afpHigh = as.numeric(hcc$AFP == 2), tumorLarge = as.numeric(hcc$Tumorsize == 2),
                    vascularInvasion = hcc$Vascularinvasion, multipleTumors = as.numeric(hcc$Tumormultiplicity == 2),
                    cirrhosis = hcc$Cirrhosis)
hcc_profiles <- data.frame(age = c(45, 65), afpHigh = c(0, 1), tumorLarge = c(0, 1), vascularInvasion = c(0, 1),
                           multipleTumors = c(0, 1), cirrhosis = c(1, 1))
hcc_out <- list(
  description = paste("hepatoCellular.csv (227 patients, time in months). Covariates: age (years),",
                      "afpHigh = (AFP == 2), tumorLarge = (Tumorsize == 2), vascularInvasion (0/1),",
                      "multipleTumors = (Tumormultiplicity == 2), cirrhosis (0/1)"),
  os = list(
    km = km_block(hcc$OS, hcc$Death, 60),
    logrankVascularInvasion = logrank_block(hcc$OS, hcc$Death, hcc$Vascularinvasion),
    coxEfron = cox_block(hcc$OS, hcc$Death, hcc_x, "efron", hcc_profiles, c(12, 24, 36), 60),
    coxBreslow = cox_block(hcc$OS, hcc$Death, hcc_x, "breslow", hcc_profiles, c(12, 24, 36), 60)
  ),
  rfs = list(
    km = km_block(hcc$RFS, hcc$Recurrence, 60),
    logrankTumorMultiplicity = logrank_block(hcc$RFS, hcc$Recurrence, hcc$Tumormultiplicity),
    coxEfron = cox_block(hcc$RFS, hcc$Recurrence, hcc_x, "efron", hcc_profiles, c(6, 12, 24), 60)
  )
)

out <- list(
  meta = list(generator = "make-reference.R", r = R.version.string, survival = as.character(packageVersion("survival")),
              note = "Golden values for @mewm/survival tests. Research use only, not for clinical use."),
  veteran = veteran_out,
  hepatoCellular = hcc_out
)
writeLines(to_json(out), file.path(script_dir, "reference.json"))
cat("wrote", file.path(script_dir, "reference.json"), "\n")
