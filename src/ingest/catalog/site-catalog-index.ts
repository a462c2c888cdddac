/**
 * Queries over an AERONET site list: exact names with "did you mean" suggestions, bounding
 * boxes, countries, regions and name patterns.
 */
import { BadInputError } from '../../errors.ts';
import type { CatalogSite, SiteCatalog } from '../site-catalog.ts';
import { boxContains, validateBoundingBox, type BoundingBox } from './bounding-box.ts';
import { countriesInRegion, findCountry, lookupCountry, type Country } from './countries.ts';
import { SITE_COUNTRY_CODES } from './site-countries.ts';
import { suggestSiteName } from './site-suggestion.ts';

/** A site's country and how it was found. */
export interface SiteCountry {
  country: Country;
  /**
   * `site_table`: the site is in the built-in table; `nearest_site`: it is not, but a
   * tabulated site lies within 25 km.
   */
  source: 'site_table' | 'nearest_site';
}

/** Farthest distance, in km, at which a site takes the country of the nearest tabulated site. */
export const NEAREST_SITE_KM = 25;
const EARTH_RADIUS_KM = 6371.0088;

export class SiteCatalogIndex {
  readonly catalog: SiteCatalog;
  /** Words naming the list in messages, e.g. `the AERONET site list generated 2024-12-13`. */
  readonly description: string;
  private readonly byName = new Map<string, CatalogSite>();
  private readonly countries = new Map<string, SiteCountry | null>();
  private tabulated: CatalogSite[] | null = null;

  constructor(catalog: SiteCatalog, description?: string) {
    this.catalog = catalog;
    this.description = description ?? `the AERONET site list generated ${catalog.generatedOn}`;
    for (const site of catalog.sites) this.byName.set(site.name, site);
  }

  get sites(): readonly CatalogSite[] {
    return this.catalog.sites;
  }

  /** Returns the site with exactly this name (AERONET names are case-sensitive), or undefined. */
  site(name: string): CatalogSite | undefined {
    return this.byName.get(name);
  }

  /**
   * Returns the site with exactly this name.
   * @throws BadInputError (AOD_SITE_UNKNOWN) with the closest name, compared ignoring case.
   */
  requireSite(name: string): CatalogSite {
    const site = this.byName.get(name);
    if (site !== undefined) return site;

    const suggestion = this.suggest(name);
    const hint =
      suggestion === null
        ? 'list the sites with `aodflow sites --name PATTERN`'
        : `did you mean "${suggestion}"? AERONET site names are case-sensitive`;
    throw new BadInputError(
      'AOD_SITE_UNKNOWN',
      `site "${name}" is not in ${this.description} (${this.sites.length} sites); ${hint}`,
    );
  }

  /** Returns the site name closest to `name` ignoring case, or null when none is close. */
  suggest(name: string): string | null {
    return suggestSiteName(name, this.byName.keys());
  }

  /** Returns the sites inside the box, edges included, in list order. */
  inBox(box: BoundingBox): CatalogSite[] {
    const valid = validateBoundingBox(box);
    return this.sites.filter((site) => boxContains(valid, site.latitude, site.longitude));
  }

  /**
   * Returns the sites of a country given by ISO code or name.
   * @throws BadInputError (AOD_CONFIG_INVALID) for a country aodflow does not know.
   */
  inCountry(query: string): CatalogSite[] {
    const country = findCountry(query);
    return this.sites.filter((site) => this.countryOf(site)?.country.code === country.code);
  }

  /**
   * Returns the sites of an M49 sub-region (`Western Africa`), `Africa` or `Sub-Saharan Africa`.
   * @throws BadInputError (AOD_CONFIG_INVALID) for another name.
   */
  inRegion(query: string): CatalogSite[] {
    const codes = new Set(countriesInRegion(query).map((country) => country.code));
    return this.sites.filter((site) => {
      const found = this.countryOf(site);
      return found !== null && codes.has(found.country.code);
    });
  }

  /**
   * Returns the sites whose name matches: `*` and `?` are wildcards over the whole name;
   * a pattern without them matches any name containing it. Case is ignored.
   */
  matching(pattern: string): CatalogSite[] {
    const matcher = namePattern(pattern);
    return this.sites.filter((site) => matcher.test(site.name));
  }

  /**
   * Returns the country of a site from the built-in site table, else the country of the nearest
   * tabulated site within 25 km, else null (sites outside Africa and its neighbours).
   */
  countryOf(site: CatalogSite): SiteCountry | null {
    const cached = this.countries.get(site.name);
    if (cached !== undefined) return cached;

    const found = this.findCountryOf(site);
    this.countries.set(site.name, found);
    return found;
  }

  private findCountryOf(site: CatalogSite): SiteCountry | null {
    const code = SITE_COUNTRY_CODES.get(site.name);
    const country = code === undefined ? undefined : lookupCountry(code);
    if (country !== undefined) return { country, source: 'site_table' };

    const nearest = this.nearestTabulated(site);
    const nearestCode = nearest === null ? undefined : SITE_COUNTRY_CODES.get(nearest.name);
    const nearestCountry = nearestCode === undefined ? undefined : lookupCountry(nearestCode);
    return nearestCountry === undefined
      ? null
      : { country: nearestCountry, source: 'nearest_site' };
  }

  private nearestTabulated(site: CatalogSite): CatalogSite | null {
    this.tabulated ??= this.sites.filter((other) => SITE_COUNTRY_CODES.has(other.name));
    let best: CatalogSite | null = null;
    let bestKm = NEAREST_SITE_KM;
    for (const other of this.tabulated) {
      const km = distanceKm(site, other);
      if (km <= bestKm) {
        best = other;
        bestKm = km;
      }
    }
    return best;
  }
}

/** Great-circle distance in km (haversine formula, mean Earth radius 6371.0088 km). */
export function distanceKm(a: CatalogSite, b: CatalogSite): number {
  const radians = Math.PI / 180;
  const dLatitude = (b.latitude - a.latitude) * radians;
  const dLongitude = (b.longitude - a.longitude) * radians;
  const h =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(a.latitude * radians) * Math.cos(b.latitude * radians) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function namePattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  if (!/[*?]/.test(pattern)) return new RegExp(escaped, 'i');

  const wildcards = escaped.replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${wildcards}$`, 'i');
}
