/** Minimal typing for the parts of jstat 1.9 that @mewm/survival uses (jstat ships no types). */
declare module 'jstat' {
  interface JStatStatic {
    normal: { inv(p: number, mean: number, sd: number): number };
    /** Complementary error function. */
    erfc(x: number): number;
    /** Regularised lower incomplete gamma P(a, x). */
    lowRegGamma(a: number, x: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
}
