package de.ozgregistry.notification;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Whether any subscription is active, so that a registry nobody subscribed to does not search its change log:
 * changed at once by this instance's subscribing and unsubscribing, and read again from the database at most every
 * {@code ozg.notifications.subscription-refresh} (what other instances on the database changed).
 */
@Component
class ActiveSubscriptions {

	private final DatabaseClient db;

	private final long refreshNanos;

	private volatile boolean any;

	/** When it was last read from the database; 0: never. */
	private final AtomicLong readAt = new AtomicLong();

	ActiveSubscriptions(DatabaseClient db,
			@Value("${ozg.notifications.subscription-refresh:1m}") Duration refresh) {
		this.db = db;
		this.refreshNanos = refresh.toNanos();
	}

	/** Whether any is active, read from the database first if the last reading is older than the refresh. */
	Mono<Boolean> refreshIfDue() {
		long last = readAt.get();
		if (last != 0 && System.nanoTime() - last < refreshNanos) {
			return Mono.just(any);
		}
		return db.sql("select exists (select 1 from notification_subscription where active) as any")
			.map(row -> row.get("any", Boolean.class))
			.one()
			.doOnNext(value -> {
				any = value;
				readAt.set(System.nanoTime());
			});
	}

	/** This instance made one active. */
	void subscribed() {
		any = true;
	}

	/** This instance ended one: read again at the next search. */
	void ended() {
		readAt.set(0);
	}

}
