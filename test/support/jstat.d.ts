// jstat ships no types; the few functions the statistics tests compare against.
declare module "jstat" {
  const jstat: {
    jStat: {
      chisquare: { cdf(x: number, df: number): number };
      normal: { inv(p: number, mean: number, sd: number): number };
      gammaln(x: number): number;
      lowRegGamma(a: number, x: number): number;
    };
  };
  export default jstat;
}
