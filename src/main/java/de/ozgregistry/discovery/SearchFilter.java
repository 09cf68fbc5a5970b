package de.ozgregistry.discovery;

import java.util.List;

/** Filter of {@code search}; all given criteria must hold. */
record SearchFilter(List<String> kinds, Integer themenfeld, String land, Integer minMaturity, String reuseModel,
		String lifecycle, Boolean openLicence) {
}
