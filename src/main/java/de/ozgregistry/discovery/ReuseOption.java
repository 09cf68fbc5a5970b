package de.ozgregistry.discovery;

import java.util.List;
import java.util.UUID;

import de.ozgregistry.solution.Solution;

/**
 * A solution an organization could adopt for an OZG-Leistung, with its score, the parts it adds up from and the
 * reasons behind it.
 *
 * @param solution the solution
 * @param ozgId the OZG-Leistung it is an option for
 * @param score the ranking score (higher is better): the sum of {@code scoreParts}
 * @param scoreParts what each factor adds to the score
 * @param reasons the facts the score is made of
 */
public record ReuseOption(Solution solution, int ozgId, double score, List<ScorePart> scoreParts, Reasons reasons) {

	/** The facts behind a reuse option. */
	public record Reasons(int liveAdopters, int liveAdoptersInLand, int liveAdoptersInKreis, long populationServed,
			int similarSizeAdopters, int confirmedAdoptions, Integer maturityLevel, String maturityModel,
			String lifecycle, List<LegalPathOption> legalPaths) {
	}

	/** Whether a legal path is open to the organization, and through whom. */
	public record LegalPathOption(String path, boolean open, UUID viaOrganizationId, String explanation) {
	}

	/** The factors of the score (README, "Reuse options"). */
	public enum ScoreFactor {

		LIVE_ADOPTERS, LIVE_ADOPTERS_IN_LAND, LIVE_ADOPTERS_IN_KREIS, SIMILAR_SIZE_ADOPTERS, POPULATION_SERVED,
		MATURITY, LIFECYCLE, CONFIRMED_ADOPTIONS, LEGAL_PATH

	}

	/** What one factor adds to the score (negative for a solution with no open legal path). */
	public record ScorePart(ScoreFactor factor, double points) {
	}

}
