package de.ozgregistry.discovery;

import java.util.List;
import java.util.UUID;

import de.ozgregistry.solution.Solution;

/**
 * A solution an organization could adopt for an OZG-Leistung, with its score and the reasons behind it.
 *
 * @param solution the solution
 * @param ozgId the OZG-Leistung it is an option for
 * @param score the ranking score (higher is better)
 * @param reasons the facts the score is made of
 */
public record ReuseOption(Solution solution, int ozgId, double score, Reasons reasons) {

	/** The facts behind a reuse option. */
	public record Reasons(int liveAdopters, int liveAdoptersInLand, int liveAdoptersInKreis, long populationServed,
			int similarSizeAdopters, int confirmedAdoptions, Integer maturityLevel, String maturityModel,
			String lifecycle, List<LegalPathOption> legalPaths) {
	}

	/** Whether a legal path is open to the organization, and through whom. */
	public record LegalPathOption(String path, boolean open, UUID viaOrganizationId, String explanation) {
	}

}
