package de.ozgregistry.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.stereotype.Component;

/**
 * The change notifications' metrics: listening, reconnects, and the invalidations of every cached read they cause.
 * (The request, error, cache-hit and federation-lag metrics are registered where they are counted.)
 */
@Component
class RegistryMetrics {

	RegistryMetrics(MeterRegistry registry, ChangeNotifications notifications) {
		Gauge.builder("ozg.change.notifications.listening", notifications, n -> n.listening() ? 1 : 0)
			.description("1 while the LISTEN connection for change announcements is established, else 0")
			.register(registry);
		FunctionCounter.builder("ozg.change.notifications.reconnects", notifications,
				ChangeNotifications::reconnects)
			.description("Times the LISTEN connection was lost and re-established")
			.register(registry);
		FunctionCounter.builder("ozg.cache.invalidations", notifications, ChangeNotifications::generation)
			.description("Times every cached read (responses, discovery) became stale: a change, or a reconnect")
			.register(registry);
	}

}
