package de.ozgregistry.statistics;

import de.ozgregistry.organization.Organization;

/**
 * Today's coverage of the OZG-Leistungen of one Themenfeld in one region.
 *
 * @param region the region (a Land or a Kreis)
 * @param ozgServices OZG-Leistungen in the Themenfeld
 * @param municipalityCount Gemeinden in the region
 * @param population inhabitants of the region
 * @param coveragePairs pairs of Gemeinde and OZG-Leistung of the Themenfeld with a live adoption covering it
 * @param populationPairs the inhabitants of those pairs' Gemeinden, summed over the pairs
 * @param flaechendeckend OZG-Leistungen of the Themenfeld available in every Gemeinde of the region
 */
public record ThemenfeldCoverageRow(Organization region, int ozgServices, int municipalityCount, long population,
		long coveragePairs, long populationPairs, int flaechendeckend) {

	/** Covered pairs over all pairs: the mean over the OZG-Leistungen of their share of Gemeinden. */
	public double municipalityShare() {
		return (municipalityCount == 0 || ozgServices == 0) ? 0
				: (double) coveragePairs / ((double) municipalityCount * ozgServices);
	}

	/** The mean over the OZG-Leistungen of their share of inhabitants. */
	public double populationShare() {
		return (population == 0 || ozgServices == 0) ? 0 : (double) populationPairs / ((double) population * ozgServices);
	}

}
