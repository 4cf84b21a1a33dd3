/**
 * The k3 estimator of KL(π_θ ‖ π_ref) per token (Schulman's "approximating KL"; TRL's and
 * verl's `low_var_kl`): with d = log π_ref − log π_θ, k3 = e^d − d − 1. It is ≥ 0 for every token
 * (e^d ≥ 1 + d) and unbiased under samples from π_θ, unlike the plain −d.
 */
export function k3KL(logpPolicy: number, logpRef: number): number {
  const d = logpRef - logpPolicy;
  // e^(ref − pol) − (ref − pol) − 1      (Eq. 4's D_KL term, k3 form)
  return Math.exp(d) - d - 1;
}

/** d k3KL / d logpPolicy = 1 − e^(ref − pol): pulls log π_θ toward log π_ref from either side. */
export function k3KLGrad(logpPolicy: number, logpRef: number): number {
  return 1 - Math.exp(logpRef - logpPolicy);
}
