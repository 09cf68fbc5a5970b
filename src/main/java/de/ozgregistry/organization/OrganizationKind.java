package de.ozgregistry.organization;

/** What kind of body an organization is; territorial kinds carry an official ARS. */
public enum OrganizationKind {

	FEDERAL, STATE, DISTRICT, MUNICIPAL_ASSOCIATION, MUNICIPALITY, IT_SERVICE_PROVIDER, VENDOR, OTHER_AUTHORITY;

	/** Whether organizations of this kind are public-sector bodies with an ARS (or the Bund). */
	public boolean territorial() {
		return this == FEDERAL || this == STATE || this == DISTRICT || this == MUNICIPAL_ASSOCIATION
				|| this == MUNICIPALITY;
	}

}
