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
  mewm: ref(
    'MeWM (Yang et al., arXiv 2506.02327, ICCV 2025)',
    'Yang Y, Wang ZY, Liu Q, et al. Medical World Model: generative simulation of tumor evolution for treatment planning. arXiv:2506.02327 (ICCV 2025).',
  ),
});
