package de.ozgregistry.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the unit tests of rules that live in SQL (R__statistics.sql, R__search.sql, de_fold): an embedded
 * PostgreSQL with every migration applied, no seed data and no application context, per test class. {@link #db} has
 * auto-commit off; each test's writes are rolled back after it.
 */
public abstract class RulesDatabase {

	private static EmbeddedPostgres server;

	/** The connection to the migrated database, in a transaction that is rolled back after each test. */
	protected static Connection db;

	@BeforeAll
	static void startDatabase() throws IOException, SQLException {
		server = EmbeddedPostgres.builder().start();
		Flyway.configure().dataSource(server.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
		db = server.getPostgresDatabase().getConnection();
		db.setAutoCommit(false);
	}

	@AfterAll
	static void stopDatabase() throws IOException, SQLException {
		db.close();
		server.close();
	}

	@AfterEach
	void rollBack() throws SQLException {
		db.rollback();
	}

}
