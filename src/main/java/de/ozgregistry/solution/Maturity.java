package de.ozgregistry.solution;

import de.ozgregistry.graphql.RegistryException;

/** A Reifegrad: a level under a stated version of the OZG Reifegradmodell (1.1: 0–4, 2.0: 0–7). */
public record Maturity(int level, MaturityModel model) {

	/** Version of the Reifegradmodell. */
	public enum MaturityModel {

		V1_1(4), V2_0(7);

		private final int maxLevel;

		MaturityModel(int maxLevel) {
			this.maxLevel = maxLevel;
		}

	}

	/** Fails with {@code VALIDATION_FAILED} on {@code field} if the level does not fit the model. */
	static Maturity validated(int level, MaturityModel model, String field) {
		if (model == null) {
			throw RegistryException.invalid(field + ".model", "required", "The Reifegrad needs its model version.");
		}
		if (level < 0 || level > model.maxLevel) {
			throw RegistryException.invalid(field + ".level", "maturity-range", "Reifegradmodell "
					+ model.name().substring(1).replace('_', '.') + " has levels 0 to " + model.maxLevel + ".");
		}
		return new Maturity(level, model);
	}

}
