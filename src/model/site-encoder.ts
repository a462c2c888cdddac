/**
 * One-hot encoding of the site, as scikit-learn's OneHotEncoder(drop="first",
 * handle_unknown="ignore"): one column per training site but the first in code-point order,
 * which is the baseline. The baseline and sites unseen in training get all-zero columns.
 */
import { compareCodePoints } from './code-point-order.ts';

/** Column of a site without one: the baseline, or a site unseen in training. */
export const NO_COLUMN = -1;

export interface SiteEncoder {
  /** Training sites in code-point order; the first is the baseline. */
  categories: string[];
  /** One-hot column of each site; the baseline is absent. */
  columns: Map<string, number>;
}

/** Fits the encoder on the site names of the training rows (repeats allowed). */
export function fitSiteEncoder(trainingSites: Iterable<string>): SiteEncoder {
  const categories = [...new Set(trainingSites)].sort(compareCodePoints);
  const columns = new Map(categories.slice(1).map((site, column) => [site, column]));
  return { categories, columns };
}

/** Returns the feature name scikit-learn's get_feature_names_out gives a site column. */
export function siteFeatureName(site: string): string {
  return `site_${site}`;
}

/** Column of each of `siteNames` (a table's site dictionary), NO_COLUMN when it has none. */
export function siteColumnsOf(encoder: SiteEncoder, siteNames: string[]): Int32Array {
  return Int32Array.from(siteNames, (site) => encoder.columns.get(site) ?? NO_COLUMN);
}
