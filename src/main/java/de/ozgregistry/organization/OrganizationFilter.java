package de.ozgregistry.organization;

import de.ozgregistry.graphql.Inputs;

/** Filter of {@code organizations}; all given criteria must hold. */
public record OrganizationFilter(OrganizationKind kind, String land, String parentArs, String name) {

	/** The filter of these arguments ({@code null} for none). */
	static OrganizationFilter of(Object filter) {
		if (!(filter instanceof java.util.Map<?, ?> map)) {
			return null;
		}
		Object kind = map.get("kind");
		return new OrganizationFilter((kind == null) ? null : OrganizationKind.valueOf(kind.toString()),
				(String) map.get("land"), (String) map.get("parentArs"), (String) map.get("name"));
	}

	/**
	 * Checks the filter as {@code organizations} does ({@code VALIDATION_FAILED} on a malformed Land, parent ARS or
	 * name) and returns the Land's 2-digit code, or {@code null}.
	 */
	static String landCode(OrganizationFilter filter) {
		if (filter == null) {
			return null;
		}
		String landCode = Ars.landFilter(filter.land(), "filter.land");
		if (filter.parentArs() != null) {
			Ars.requireWellFormed(filter.parentArs(), "filter.parentArs");
		}
		Inputs.line(filter.name(), "filter.name", 200, false);
		return landCode;
	}

}
