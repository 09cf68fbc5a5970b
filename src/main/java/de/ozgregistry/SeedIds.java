package de.ozgregistry;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Name-based IDs of seeded records: every registry node that loads the same seed gives a record the same ID, so
 * nodes can refer to each other's copies of the official data when they federate.
 */
public final class SeedIds {

	private SeedIds() {
	}

	public static UUID of(String name) {
		return UUID.nameUUIDFromBytes(("ozg-registry:" + name).getBytes(StandardCharsets.UTF_8));
	}

	/** The ID of an OZG-Leistung, seeded or brought in by a newer catalogue. */
	public static UUID ozgService(int ozgId) {
		return of("ozg-service:" + ozgId);
	}

	/** The ID of a Lebenslage, seeded or brought in by a newer catalogue. */
	public static UUID lebenslage(int number) {
		return of("lebenslage:" + number);
	}

	/** The ID of a seeded territorial body. */
	public static UUID organization(String kind, String ars) {
		return of("organization:" + kind + ":" + ars);
	}

	public static UUID bund() {
		return of("organization:FEDERAL");
	}

}
