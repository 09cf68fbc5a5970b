package de.ozgregistry.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the registry's PostgreSQL is: an embedded server (the default, no set-up) or an external one.
 *
 * @param mode {@code embedded} or {@code external}
 * @param host host of the external server
 * @param port port of the external server; for the embedded server 0 means any free port
 * @param name database name of the external server
 * @param username user of the external server
 * @param password password of the external server
 * @param dataDir directory of the embedded server's data, kept between restarts
 * @param durable whether the embedded server flushes every commit to disk (fsync and synchronous commit on, like a
 *        real server); {@code false} keeps the fast test settings, whose last commits a crash may lose
 */
@ConfigurationProperties("ozg.database")
public record DatabaseProperties(
		@DefaultValue("embedded") String mode,
		@DefaultValue("localhost") String host,
		@DefaultValue("0") int port,
		@DefaultValue("ozg_registry") String name,
		@DefaultValue("postgres") String username,
		@DefaultValue("") String password,
		@DefaultValue("data/postgres") String dataDir,
		@DefaultValue("true") boolean durable) {

	boolean embedded() {
		return !"external".equalsIgnoreCase(mode);
	}

}
