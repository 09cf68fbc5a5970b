package de.ozgregistry.organization.registration;

import de.ozgregistry.organization.OrganizationKind;

/** Input of {@code registerOrganization}. */
record RegisterOrganizationInput(OrganizationKind kind, String name, String ars, String landArs, String website,
		String contactEmail, Integer population) {
}
