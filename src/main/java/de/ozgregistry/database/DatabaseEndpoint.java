package de.ozgregistry.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL server the registry uses, with the embedded server it owns, if any (closed with the context).
 *
 * @param host server host
 * @param port server port
 * @param database database name
 * @param username user
 * @param password password
 * @param embedded the embedded server (closed with the context), or {@code null} for an external one
 */
public record DatabaseEndpoint(String host, int port, String database, String username, String password,
		AutoCloseable embedded) implements AutoCloseable {

	/** The JDBC URL, used by Flyway and the bulk seed only; requests go through R2DBC. */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + host + ":" + port + "/" + database;
	}

	/** Opens a JDBC connection for start-up work (migration, seeding), never on a request path. */
	public Connection openJdbcConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username, password);
	}

	@Override
	public void close() throws Exception {
		if (embedded != null) {
			embedded.close();
		}
	}

}
