package de.ozgregistry.database;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Applies the Flyway migrations in {@code db/migration} at start-up, before the server accepts requests. All DDL
 * lives there; a landed migration is never edited.
 */
@Component
public class Migration implements InitializingBean {

	private final DatabaseEndpoint endpoint;

	Migration(DatabaseEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void afterPropertiesSet() {
		Flyway.configure()
			.dataSource(endpoint.jdbcUrl(), endpoint.username(), endpoint.password())
			.locations("classpath:db/migration")
			.load()
			.migrate();
	}

}
