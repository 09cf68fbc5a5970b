package de.ozgregistry.database;

import java.io.IOException;
import java.util.Map;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects R2DBC (requests) and the start-up work over JDBC (migrations, seeding) to one PostgreSQL: by default an embedded server whose
 * data lives under the working directory, or an external server when {@code OZG_DB_MODE=external}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseEndpoint databaseEndpoint(DatabaseProperties properties) throws IOException {
		if (!properties.embedded()) {
			int port = properties.port() == 0 ? 5432 : properties.port();
			return new DatabaseEndpoint(properties.host(), port, properties.name(), properties.username(),
					properties.password(), null);
		}
		// a class of its own, so that the packaged jar (without the optional embedded server) never loads it
		return EmbeddedDatabase.start(properties);
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
			// the statistics' queries are short but their estimates can be high: compiling them (JIT) costs more
			// than running them
			.option(Option.valueOf("options"), Map.of("jit", "off"))
			// results in PostgreSQL's binary format: timestamps, UUIDs and numbers decode without text parsing
			// (parsing timestamps as text was a tenth of the CPU time of a request listing 50 adoptions)
			.option(Option.valueOf("forceBinary"), true)
			.build();
		return () -> options;
	}

}
