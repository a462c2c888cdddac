/**
 * Synthetic sample data in the AERONET Version 3 Level 2.0 All Points format, for trying
 * aodflow offline. See `SAMPLE_NOTICE`: the data are generated, not measured.
 */
export {
  SAMPLE_NOTICE,
  SAMPLE_SITE_LIST_NAME,
  formatSiteList,
  writeSampleFiles,
  type SampleOptions,
  type SampleResult,
} from './write-sample-files.ts';
export { SAMPLE_SITES, type SampleRegion, type SampleSite } from './sample-sites.ts';
export { SITE_CLIMATOLOGY, type SiteClimatology } from './site-climatology.ts';
