package de.ozgregistry.notification;

/** What an organization can be told of: events in the change log that concern it. */
public enum NotificationEvent {

	/** A new solution for an OZG-Leistung that is one of the organization's gaps ({@code discovery.OpenGaps}). */
	NEW_SOLUTION_FOR_GAP,
	/** A new adoption of a solution the organization provides. */
	NEW_ADOPTER,
	/** A reuse request to the organization as provider, and the requester's agreement to its offer. */
	REUSE_REQUEST,
	/** The provider's answer (offer or decline) to a reuse request the organization made. */
	REUSE_ANSWER,
	/** A change of a solution the organization uses (an adoption that is not discontinued). */
	SOLUTION_CHANGED

}
