package de.ozgregistry.operations;

import java.time.Duration;

import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The checks of the readiness probe besides Boot's own {@code readinessState} (which refuses traffic until start-up,
 * migrations and seeding included, is done): the database answers, and this instance hears the change announcements
 * of the others (without them its caches could serve stale reads). The liveness probe checks neither: a database
 * outage is no reason to restart the process.
 */
@Configuration(proxyBeanMethods = false)
class Probes {

	/** A probe that takes longer than this counts as a database that cannot be reached. */
	static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);

	/** Health contributor {@code database}: one round trip through the request pool. */
	@Bean
	ReactiveHealthIndicator databaseHealthIndicator(DatabaseClient db) {
		return () -> db.sql("select 1")
			.map(row -> Health.up().build())
			.one()
			.timeout(DATABASE_TIMEOUT)
			.onErrorResume(failure -> Mono.just(Health.down().build()));
	}

	/** Health contributor {@code changeNotifications}: the LISTEN connection is established. */
	@Bean
	ReactiveHealthIndicator changeNotificationsHealthIndicator(ChangeNotifications notifications) {
		return () -> Mono.fromSupplier(() -> notifications.listening() ? Health.up().build() : Health.down().build());
	}

}
