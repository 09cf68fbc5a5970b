package de.ozgregistry.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/**
 * An empty registry database for the unit tests of rules that live in SQL (R__statistics.sql, R__search.sql,
 * de_fold): an embedded PostgreSQL with every migration applied, no seed data and no application context. Each test
 * works in a transaction that it rolls back ({@link #connection()} has auto-commit off).
 */
public final class RulesDatabase implements AutoCloseable {

	private final EmbeddedPostgres server;

	private final Connection connection;

	private RulesDatabase(EmbeddedPostgres server) throws SQLException {
		this.server = server;
		Flyway.configure()
			.dataSource(server.getPostgresDatabase())
			.locations("classpath:db/migration")
			.load()
			.migrate();
		this.connection = server.getPostgresDatabase().getConnection();
		this.connection.setAutoCommit(false);
	}

	public static RulesDatabase start() {
		try {
			return new RulesDatabase(EmbeddedPostgres.builder().start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The connection, in a transaction of its own (roll it back after each test). */
	public Connection connection() {
		return connection;
	}

	@Override
	public void close() throws Exception {
		connection.close();
		server.close();
	}

}
