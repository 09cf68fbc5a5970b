package de.ozgregistry.catalog;

import de.ozgregistry.graphql.Inputs;

/** Filter of {@code ozgServices}; all given criteria must hold. Retired OZG-Leistungen only if asked for. */
public record OzgServiceFilter(Integer themenfeld, Integer lebenslage, String name, Boolean includeRetired) {

	/** The filter of these arguments ({@code null} for none), checked as {@code ozgServices} checks it. */
	static OzgServiceFilter of(Object filter) {
		if (!(filter instanceof java.util.Map<?, ?> map)) {
			return null;
		}
		return new OzgServiceFilter((Integer) map.get("themenfeld"), (Integer) map.get("lebenslage"),
				(String) map.get("name"), (Boolean) map.get("includeRetired")).checked();
	}

	/** This filter, if its name is one line of at most 200 characters ({@code VALIDATION_FAILED} otherwise). */
	OzgServiceFilter checked() {
		Inputs.line(name, "filter.name", 200, false);
		return this;
	}

}
