/**
 * The sources the policies cite, stated once so that code, rationales and the README agree.
 * Short forms (`short`) go into candidate rationales; `full` into summaries and the report.
 */
export interface Reference {
  short: string;
  full: string;
}

function ref(short: string, full: string): Reference {
  return Object.freeze({ short, full });
}

export const REFERENCES = Object.freeze({
  bclc2022: ref(
    'BCLC 2022 (Reig et al., J Hepatol 2022)',
    'Reig M, Forner A, Rimola J, et al. BCLC strategy for prognosis prediction and treatment recommendation: the 2022 update. J Hepatol 2022;76(3):681–693.',
  ),
  easl2018: ref(
    'EASL HCC guidelines (J Hepatol 2018)',
    'European Association for the Study of the Liver. EASL Clinical Practice Guidelines: management of hepatocellular carcinoma. J Hepatol 2018;69(1):182–236.',
  ),
  albi: ref(
    'ALBI (Johnson et al., J Clin Oncol 2015)',
    'Johnson PJ, Berhane S, Kagebayashi C, et al. Assessment of liver function in patients with hepatocellular carcinoma: a new evidence-based approach — the ALBI grade. J Clin Oncol 2015;33(6):550–558.',
  ),
  imbrave150: ref(
    'IMbrave150 (Finn et al., N Engl J Med 2020)',
    'Finn RS, Qin S, Ikeda M, et al. Atezolizumab plus bevacizumab in unresectable hepatocellular carcinoma. N Engl J Med 2020;382(20):1894–1905.',
  ),
  himalaya: ref(
    'HIMALAYA (Abou-Alfa et al., NEJM Evid 2022)',
    'Abou-Alfa GK, Lau G, Kudo M, et al. Tremelimumab plus durvalumab in unresectable hepatocellular carcinoma. NEJM Evid 2022;1(8):EVIDoa2100070.',
  ),
  reflect: ref(
    'REFLECT (Kudo et al., Lancet 2018)',
    'Kudo M, Finn RS, Qin S, et al. Lenvatinib versus sorafenib in first-line treatment of patients with unresectable hepatocellular carcinoma: a randomised phase 3 non-inferiority trial. Lancet 2018;391(10126):1163–1173.',
  ),
  sharp: ref(
    'SHARP (Llovet et al., N Engl J Med 2008)',
    'Llovet JM, Ricci S, Mazzaferro V, et al. Sorafenib in advanced hepatocellular carcinoma. N Engl J Med 2008;359(4):378–390.',
  ),
  precisionV: ref(
    'PRECISION V (Lammer et al., Cardiovasc Intervent Radiol 2010)',
    'Lammer J, Malagari K, Vogl T, et al. Prospective randomized study of doxorubicin-eluting-bead embolization in the treatment of hepatocellular carcinoma: results of the PRECISION V study. Cardiovasc Intervent Radiol 2010;33(1):41–52.',
  ),
  taceRfa: ref(
    'TACE + RFA for 3.1–5 cm HCC (Morimoto et al., Cancer 2010)',
    'Morimoto M, Numata K, Kondo M, et al. Midterm outcomes in patients with intermediate-sized hepatocellular carcinoma: a randomized controlled trial for determining the efficacy of radiofrequency ablation combined with transcatheter arterial chemoembolization. Cancer 2010;116(23):5452–5460.',
  ),
  esmo2023Mcrc: ref(
    'ESMO 2023 mCRC guideline (Cervantes et al., Ann Oncol 2023)',
    'Cervantes A, Adam R, Roselló S, et al. Metastatic colorectal cancer: ESMO Clinical Practice Guideline for diagnosis, treatment and follow-up. Ann Oncol 2023;34(1):10–32.',
  ),
  nccnColon: ref(
    'NCCN Colon Cancer guidelines',
    'National Comprehensive Cancer Network. NCCN Clinical Practice Guidelines in Oncology: Colon Cancer (current version). Plymouth Meeting, PA: NCCN.',
  ),
  collision: ref(
    'COLLISION (van der Lei et al., Lancet Oncol 2025)',
    'van der Lei S, Puijk RS, Dijkstra M, et al. Thermal ablation versus surgical resection of small-size colorectal liver metastases (COLLISION): an international, randomised, controlled, phase 3 non-inferiority trial. Lancet Oncol 2025;26(2):187–199.',
  ),
  eortc40983: ref(
    'EORTC 40983 (Nordlinger et al., Lancet 2008)',
    'Nordlinger B, Sorbye H, Glimelius B, et al. Perioperative chemotherapy with FOLFOX4 and surgery versus surgery alone for resectable liver metastases from colorectal cancer (EORTC Intergroup trial 40983): a randomised controlled trial. Lancet 2008;371(9617):1007–1016.',
  ),
  clocc: ref(
    'CLOCC (Ruers et al., J Natl Cancer Inst 2017)',
    'Ruers T, Van Coevorden F, Punt CJ, et al. Local treatment of unresectable colorectal liver metastases: results of a randomized phase II trial. J Natl Cancer Inst 2017;109(9):djx015.',
  ),
  tournigand2004: ref(
    'GERCOR (Tournigand et al., J Clin Oncol 2004)',
    'Tournigand C, André T, Achille E, et al. FOLFIRI followed by FOLFOX6 or the reverse sequence in advanced colorectal cancer: a randomized GERCOR study. J Clin Oncol 2004;22(2):229–237.',
  ),
  tribe: ref(
    'TRIBE (Loupakis et al., N Engl J Med 2014)',
    'Loupakis F, Cremolini C, Masi G, et al. Initial therapy with FOLFOXIRI and bevacizumab for metastatic colorectal cancer. N Engl J Med 2014;371(17):1609–1618.',
  ),
  crystalRas: ref(
    'CRYSTAL RAS analysis (Van Cutsem et al., J Clin Oncol 2015)',
    'Van Cutsem E, Lenz HJ, Köhne CH, et al. Fluorouracil, leucovorin, and irinotecan plus cetuximab treatment and RAS mutations in colorectal cancer. J Clin Oncol 2015;33(7):692–700.',
  ),
  mewm: ref(
    'MeWM (Yang et al., arXiv 2506.02327, ICCV 2025)',
    'Yang Y, Wang ZY, Liu Q, et al. Medical World Model: generative simulation of tumor evolution for treatment planning. arXiv:2506.02327 (ICCV 2025).',
  ),
});
