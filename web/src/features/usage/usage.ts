/** Query keys and the ranges the usage views offer. */
export const usageKeys = {
  mine: (days: number) => ['usage', 'me', days] as const,
  household: (days: number) => ['usage', 'household', days] as const,
};

/** The ranges to pick from, in days. */
export const USAGE_RANGES = [7, 30, 90] as const;
