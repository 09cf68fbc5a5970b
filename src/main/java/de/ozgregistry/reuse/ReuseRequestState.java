package de.ozgregistry.reuse;

/**
 * Where a reuse request stands, the funnel of the EfA-Marktplatz: the organization asks ({@code REQUESTED}), the
 * provider offers ({@code ANSWERED}) or declines ({@code DECLINED}), the organization agrees to the offer
 * ({@code AGREED}); from there the adoption moves on as any other.
 */
public enum ReuseRequestState {

	REQUESTED, ANSWERED, DECLINED, AGREED;

	/** Whether the provider may (still) answer: a first answer, or a revised offer before the requester agreed. */
	boolean answerable() {
		return this == REQUESTED || this == ANSWERED;
	}

}
