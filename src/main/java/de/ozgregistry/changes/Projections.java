package de.ozgregistry.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.DatabaseEndpoint;

import org.springframework.stereotype.Component;

/**
 * Every projection of the registry (the search index of {@code discovery}, the reach and region totals of
 * {@code statistics}): applies each change-log entry to all of them in the writing transaction, and rebuilds them
 * from the base tables. The table {@code projection_state} records which version of each projection the database
 * holds (its {@link Projection#version()} and the checksum of its repeatable migration), so that a start after a
 * change of a projection's definition rebuilds it.
 */
@Component
public class Projections {

	private static final Log logger = LogFactory.getLog(Projections.class);

	/**
	 * The advisory lock (PostgreSQL, per database) under which a start rebuilds the projections, so that two instances
	 * starting together do not rebuild at once.
	 */
	public static final long LOCK = 0x6f7a6770726f6aL;

	/**
	 * The advisory lock a rebuild of the projection holds, and that its writers of shared rows take before their first
	 * write of its tables (StatisticsProjection): one per projection, so that rebuilding one holds up no writer of
	 * another.
	 */
	public static long lock(String projection) {
		return LOCK ^ projection.hashCode();
	}

	private final List<Projection> projections;

	private final DatabaseEndpoint endpoint;

	Projections(List<Projection> projections, DatabaseEndpoint endpoint) {
		this.projections = projections.stream().sorted(Comparator.comparingInt(Projection::order)).toList();
		this.endpoint = endpoint;
	}

	/** The projections, in the order they are applied. */
	public List<Projection> all() {
		return projections;
	}

	/** Tells every projection, in order, inside the caller's transaction, of a new version of the OZG catalogue. */
	public Mono<Void> catalogueChanged(java.util.Collection<Integer> ozgIds) {
		return Flux.fromIterable(projections).concatMap(projection -> projection.catalogueChanged(ozgIds)).then();
	}

	/** Applies one change to every projection, in order, inside the caller's transaction. */
	Mono<Void> apply(ChangeLogEntry entry) {
		return Flux.fromIterable(projections).concatMap(projection -> projection.apply(entry)).then();
	}

	/**
	 * Rebuilds every projection over {@code connection}, inside its transaction (seeding runs it after a bulk load, in
	 * the same transaction, so that nobody sees base tables without their derived data).
	 */
	public void rebuildAll(Connection connection) throws SQLException {
		for (Projection projection : projections) {
			rebuild(connection, projection);
		}
	}

	/**
	 * Rebuilds every projection in one transaction of the caller's (an import of many records): the same statements as
	 * {@link #rebuildAll(Connection)}, over R2DBC.
	 */
	public Mono<Void> rebuildAll(org.springframework.r2dbc.core.DatabaseClient db) {
		return Flux.fromIterable(projections).concatMap(projection -> rebuild(db, projection)).then();
	}

	/**
	 * Rebuilds the projections at once, each in a transaction of its own on a connection of its own (the federation
	 * after applying a peer's backlog without them). They read only base tables, never one another; a writer of one
	 * waits only for that one's rebuild.
	 */
	public Mono<Void> rebuildEach(org.springframework.r2dbc.core.DatabaseClient db,
			org.springframework.transaction.reactive.TransactionalOperator transaction) {
		return Flux.fromIterable(projections)
			.flatMap(projection -> rebuild(db, projection).as(transaction::transactional))
			.then();
	}

	private static Mono<Void> rebuild(org.springframework.r2dbc.core.DatabaseClient db, Projection projection) {
		return db.sql("select pg_advisory_xact_lock(:key)")
				.bind("key", lock(projection.name()))
				.then()
				.then(db.sql(projection.rebuildStatement()).then())
				.then(db.sql("""
						insert into projection_state (name, version, definition, rebuilt_at)
						select :name, :version, coalesce((select checksum from flyway_schema_history
						                                  where script = :migration and success
						                                  order by installed_rank desc limit 1), 0), now()
						on conflict (name) do update set version = excluded.version, definition = excluded.definition,
						    rebuilt_at = excluded.rebuilt_at""")
					.bind("name", projection.name())
					.bind("version", projection.version())
					.bind("migration", projection.migration())
					.then());
	}

	/**
	 * At start: rebuilds, each in a transaction of its own, the projections the database holds in another version than
	 * this code's (or none at all). Blocking: runs before the server accepts requests.
	 */
	public void rebuildStale() {
		try (Connection connection = endpoint.openJdbcConnection()) {
			try (var statement = connection.createStatement()) {
				// until this connection closes; another instance starting meanwhile waits, then finds them current
				statement.execute("select pg_advisory_lock(" + LOCK + ")");
			}
			Map<String, String> stored = new HashMap<>();
			try (var statement = connection.createStatement();
					var rows = statement.executeQuery("select name, version || '/' || definition from projection_state")) {
				while (rows.next()) {
					stored.put(rows.getString(1), rows.getString(2));
				}
			}
			connection.setAutoCommit(false);
			for (Projection projection : projections) {
				String current = projection.version() + "/" + definition(connection, projection);
				if (!current.equals(stored.get(projection.name()))) {
					long start = System.nanoTime();
					rebuild(connection, projection);
					connection.commit();
					logger.info("Projection " + projection.name() + " " + projection.tables() + " rebuilt (version/"
							+ "definition " + current + ", was " + stored.getOrDefault(projection.name(), "none")
							+ ") in " + (System.nanoTime() - start) / 1_000_000 + " ms");
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Rebuilding the projections failed: " + ex.getMessage(), ex);
		}
	}

	private static void rebuild(Connection connection, Projection projection) throws SQLException {
		try (var statement = connection.createStatement()) {
			// writers of the shared rows wait until the rebuild commits (StatisticsProjection takes the same lock)
			statement.execute("select pg_advisory_xact_lock(" + lock(projection.name()) + ")");
			statement.execute(projection.rebuildStatement());
		}
		try (PreparedStatement state = connection.prepareStatement("""
				insert into projection_state (name, version, definition, rebuilt_at) values (?, ?, ?, now())
				on conflict (name) do update set version = excluded.version, definition = excluded.definition,
				    rebuilt_at = excluded.rebuilt_at""")) {
			state.setString(1, projection.name());
			state.setInt(2, projection.version());
			state.setInt(3, definition(connection, projection));
			state.executeUpdate();
		}
	}

	/** Flyway's checksum of the projection's repeatable migration as applied to this database (0 if none). */
	private static int definition(Connection connection, Projection projection) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("""
				select checksum from flyway_schema_history where script = ? and success
				order by installed_rank desc limit 1""")) {
			query.setString(1, projection.migration());
			try (var rows = query.executeQuery()) {
				return rows.next() ? rows.getInt(1) : 0;
			}
		}
	}

}
