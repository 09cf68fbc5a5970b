package de.ozgregistry.statistics;

import de.ozgregistry.organization.Organization;

/**
 * Coverage of one OZG-Leistung in one region on one date.
 *
 * @param region the region (a Land, a Kreis or a Gemeinde)
 * @param municipalityCount Gemeinden in the region
 * @param coveredMunicipalities Gemeinden with a live adoption covering the OZG-Leistung
 * @param population inhabitants of the region (Zensus 2022)
 * @param populationCovered inhabitants of the covered Gemeinden
 */
public record CoverageRow(Organization region, int municipalityCount, int coveredMunicipalities, long population,
		long populationCovered) {

	public double municipalityShare() {
		return (municipalityCount == 0) ? 0 : (double) coveredMunicipalities / municipalityCount;
	}

	public double populationShare() {
		return (population == 0) ? 0 : (double) populationCovered / population;
	}

	/** Available in every Gemeinde of the region. */
	public boolean flaechendeckend() {
		return municipalityCount > 0 && coveredMunicipalities == municipalityCount;
	}

}
