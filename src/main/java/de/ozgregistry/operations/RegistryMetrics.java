package de.ozgregistry.operations;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The registry's own metrics besides the request, error and cache counters: the change notifications (listening,
 * reconnects, and the invalidations of every cached read they cause) and the federation lag per peer. The lag is
 * read from the peer table at every pull interval (whichever instance pulled wrote it), never while Prometheus
 * scrapes: a gauge is read on the event loop and must not wait for the database.
 */
@Component
class RegistryMetrics implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RegistryMetrics.class);

	private final DatabaseClient db;

	private final Duration interval;

	private final MultiGauge lag;

	private volatile Disposable refresh;

	RegistryMetrics(MeterRegistry registry, ChangeNotifications notifications, DatabaseClient db,
			@Value("${ozg.federation.pull-interval:30s}") Duration interval) {
		this.db = db;
		this.interval = interval;
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
		this.lag = MultiGauge.builder("ozg.federation.lag.entries")
			.description("Change-feed entries of a peer not yet pulled, as of the last pull")
			.register(registry);
	}

	/** Starts reading the lag once the application is up, and at every pull interval. */
	@EventListener(ApplicationReadyEvent.class)
	synchronized void start() {
		if (refresh == null) {
			refresh = Flux.interval(Duration.ZERO, interval)
				.onBackpressureDrop()
				.concatMap(tick -> readLag()
					.onErrorResume(failure -> {
						logger.debug("Federation lag not read: " + failure.getMessage());
						return Flux.empty();
					})
					.collectList(), 1)
				.subscribe((List<MultiGauge.Row<?>> rows) -> lag.register(rows, true));
		}
	}

	private Flux<MultiGauge.Row<?>> readLag() {
		return db.sql("select node_id, lag_entries from federation_peer where lag_entries is not null")
			.<MultiGauge.Row<?>>map(row -> MultiGauge.Row.of(Tags.of("peer", row.get("node_id", String.class)),
					(Number) row.get("lag_entries", Long.class)))
			.all();
	}

	@Override
	public void destroy() {
		if (refresh != null) {
			refresh.dispose();
		}
	}

}
