package de.ozgregistry.security;

/** What an authenticated actor may do, always together with the organization it acts for. */
public enum Role {

	/** Publishes the organization's solutions and records its adoptions. */
	PUBLISHER,
	/**
	 * A vendor organization: publishes the solutions it provides itself and updates the solutions that name it as
	 * vendor, without changing who the vendor is.
	 */
	VENDOR,
	/** Acts for every organization in its Land: registers, corrects, issues tokens. */
	STATE_COORDINATOR,
	/** Reads restricted fields everywhere. */
	FEDERAL_COORDINATOR,
	/** Everything, including tokens. */
	ADMIN

}
