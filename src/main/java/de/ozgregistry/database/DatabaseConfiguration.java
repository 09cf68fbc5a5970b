package de.ozgregistry.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects R2DBC (requests) and the start-up work over JDBC (migrations, seeding) to one PostgreSQL: by default an embedded server whose
 * data lives under the working directory, or an external server when {@code OZG_DB_MODE=external}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Log logger = LogFactory.getLog(DatabaseConfiguration.class);

	@Bean
	DatabaseEndpoint databaseEndpoint(DatabaseProperties properties) throws IOException {
		if (!properties.embedded()) {
			int port = properties.port() == 0 ? 5432 : properties.port();
			return new DatabaseEndpoint(properties.host(), port, properties.name(), properties.username(),
					properties.password(), null);
		}
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

	@Bean
	R2dbcConnectionDetails r2dbcConnectionDetails(DatabaseEndpoint endpoint) {
		ConnectionFactoryOptions options = ConnectionFactoryOptions.builder()
			.option(ConnectionFactoryOptions.DRIVER, "postgresql")
			.option(ConnectionFactoryOptions.HOST, endpoint.host())
			.option(ConnectionFactoryOptions.PORT, endpoint.port())
			.option(ConnectionFactoryOptions.DATABASE, endpoint.database())
			.option(ConnectionFactoryOptions.USER, endpoint.username())
			.option(ConnectionFactoryOptions.PASSWORD, endpoint.password())
			.build();
		return () -> options;
	}

}
