package de.ozgregistry.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The embedded PostgreSQL of the default set-up: a real PostgreSQL 15 started by the application, its data kept in
 * a directory under the working directory between restarts. Test settings (fsync off): for local use only.
 */
final class EmbeddedDatabase {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabase.class);

	private EmbeddedDatabase() {
	}

	static DatabaseEndpoint start(DatabaseProperties properties) throws IOException {
		Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
		Files.createDirectories(dataDir.getParent());
		boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false);
		if (properties.port() != 0) {
			builder.setPort(properties.port());
		}
		EmbeddedPostgres postgres = builder.start();
		logger.info("Embedded PostgreSQL " + (fresh ? "created" : "reopened") + " in " + dataDir + " on port "
				+ postgres.getPort() + " (test settings: not for benchmarks or production)");
		return new DatabaseEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "", postgres);
	}

}
