package de.ozgregistry.adoption;

/** Status of an adoption, in the order an adoption normally moves through them. */
public enum AdoptionStatus {

	INTERESTED, PLANNED, IN_PROGRESS, LIVE, DISCONTINUED;

	/**
	 * Whether an adoption may move from this status to {@code next}: forward along
	 * {@code INTERESTED → PLANNED → IN_PROGRESS → LIVE} (skipping steps is allowed), or from any active status to
	 * {@code DISCONTINUED}. A discontinued adoption stays so; resuming means recording a new adoption.
	 */
	public boolean canMoveTo(AdoptionStatus next) {
		if (this == DISCONTINUED) {
			return false;
		}
		return next == DISCONTINUED || next.ordinal() > ordinal();
	}

}
