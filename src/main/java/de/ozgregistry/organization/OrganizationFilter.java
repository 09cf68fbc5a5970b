package de.ozgregistry.organization;

/** Filter of {@code organizations}; all given criteria must hold. */
public record OrganizationFilter(OrganizationKind kind, String land, String parentArs, String name) {
}
