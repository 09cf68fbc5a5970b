package de.ozgregistry.changes;

import reactor.core.publisher.Mono;

/**
 * Derived data kept by a feature: tables computed from the base tables (organizations, solutions, adoptions) that
 * the feature reads instead of computing them for every request. A projection is brought up to date with every
 * change-log entry in the transaction that wrote it ({@link #apply}), so that a read after an acknowledged write sees
 * it; and it can be rebuilt from the base tables alone ({@link #rebuildStatement}), which seeding, bulk loads and a
 * start after a change of its definition do. Both give the same rows: {@code ProjectionsTest} checks that after random
 * writes.
 *
 * <p>{@link ChangeLog#record} calls {@link #apply} of every projection, in the order of {@link #order()}.
 */
public interface Projection {

	/** The projection's name, as in the table {@code projection_state}. */
	String name();

	/**
	 * The version of the projection's definition on the Java side. A start on a database whose projection was built
	 * by another version, or with another content of {@link #migration()}, rebuilds it.
	 */
	int version();

	/** The repeatable migration that defines the projection's functions (a change of it rebuilds the projection). */
	String migration();

	/** Where this projection runs among the others: lower first (one may read what another wrote). */
	default int order() {
		return 0;
	}

	/** The derived tables this projection writes (logged when it is rebuilt; {@code ProjectionsTest} compares them). */
	java.util.List<String> tables();

	/** Brings the derived tables up to date with one change, inside the transaction that wrote it. */
	Mono<Void> apply(ChangeLogEntry entry);

	/**
	 * Brings the derived tables up to date with a new version of the OZG catalogue, inside the transaction that loads
	 * it: these OZG-Leistungen were added, renamed, moved to another Lebenslage or Themenfeld, retired or brought back
	 * (no solution, adoption or organization changed). Nothing by default: most derived data is keyed by OZG-ID alone.
	 */
	default Mono<Void> catalogueChanged(java.util.Collection<Integer> ozgIds) {
		return Mono.empty();
	}

	/**
	 * The SQL statement that rebuilds the derived tables from the base tables, set-based. It is one statement (a call
	 * of the feature's rebuild function) so that seeding over JDBC, bulk loads in SQL scripts
	 * ({@code bench/synthetic/national-scenario.sql}) and {@link Projections#rebuildStale} all run the same code.
	 */
	String rebuildStatement();

}
