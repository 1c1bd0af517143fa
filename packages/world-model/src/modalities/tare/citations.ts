/** The trials the TARE parameters cite (one spelling everywhere). */
export const TARE_CITE = {
  sarah: 'Vilgrain V, Pereira H, Assenat E, et al. Efficacy and safety of selective internal radiotherapy with yttrium-90 resin microspheres compared with sorafenib in locally advanced and inoperable hepatocellular carcinoma (SARAH): an open-label randomised controlled phase 3 trial. Lancet Oncol 2017;18(12):1624–1636',
  sirveNib: 'Chow PKH, Gandhi M, Tan SB, et al. SIRveNIB: selective internal radiation therapy versus sorafenib in Asia-Pacific patients with hepatocellular carcinoma. J Clin Oncol 2018;36(19):1913–1921',
  legacy: 'Salem R, Johnson GE, Kim E, et al. Yttrium-90 radioembolization for the treatment of solitary, unresectable HCC: the LEGACY study. Hepatology 2021;74(5):2342–2352',
} as const;
