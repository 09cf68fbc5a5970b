package de.ozgregistry.organization;

import de.ozgregistry.graphql.RegistryException;

/**
 * The Amtlicher Regionalschlüssel (ARS), 12 digits: Land (2), Regierungsbezirk (1), Kreis (2), Gemeindeverband (4),
 * Gemeinde (3). Länder and Kreise are zero-padded to 12 digits.
 */
public final class Ars {

	private Ars() {
	}

	/** Fails with {@code VALIDATION_FAILED} on {@code field} unless {@code ars} is 12 digits of a real Land (01–16). */
	public static String requireWellFormed(String ars, String field) {
		if (ars == null || !ars.matches("[0-9]{12}")) {
			throw RegistryException.invalid(field, "ars",
					"An ARS has exactly 12 digits (Länder and Kreise zero-padded), e.g. 073150000000 for Mainz.");
		}
		int land = Integer.parseInt(ars.substring(0, 2));
		if (land < 1 || land > 16) {
			throw RegistryException.invalid(field, "ars", "An ARS starts with the code of a Land, 01 to 16.");
		}
		return ars;
	}

	/** The 8-digit AGS: ARS digits 1–5 and 10–12. */
	public static String ags(String ars) {
		return ars.substring(0, 5) + ars.substring(9, 12);
	}

	/** The 2-digit Land code of an ARS. */
	public static String landCode(String ars) {
		return ars.substring(0, 2);
	}

	/** The zero-padded ARS of the Land of {@code ars}. */
	public static String landArs(String ars) {
		return ars.substring(0, 2) + "0000000000";
	}

	/** The zero-padded ARS of the Kreis of {@code ars}. */
	public static String kreisArs(String ars) {
		return ars.substring(0, 5) + "0000000";
	}

	/**
	 * Reads a Land filter: the 2-digit code ({@code 06}) or a 12-digit ARS of the Land (or of anything in it).
	 * Returns the 2-digit code; anything else fails with {@code VALIDATION_FAILED} on {@code field}.
	 */
	public static String landFilter(String land, String field) {
		if (land == null) {
			return null;
		}
		String code = land.length() == 12 ? landCode(requireWellFormed(land, field)) : land;
		if (!code.matches("[0-9]{2}") || Integer.parseInt(code) < 1 || Integer.parseInt(code) > 16) {
			throw RegistryException.invalid(field, "land",
					"A Land is given by its 2-digit code (01–16, e.g. 06 for Hessen) or its 12-digit ARS.");
		}
		return code;
	}

}
