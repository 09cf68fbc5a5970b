package de.ozgregistry.federation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Push hints: when this node's data change, it tells its subscribers (the nodes that pull from it) within about a
 * tenth of a second, with a JWS it signs ({@code {"node": <its ID>, "iat": <seconds>}}), and they pull at once. The
 * hint carries no data: the pull is the truth, a lost hint only delays until the next scheduled pull.
 */
@Component
class PushHints implements DisposableBean {

	static final String HINT_PATH = "/federation/hints";

	static final String SUBSCRIBE_PATH = "/federation/subscriptions";

	static final int MAX_SUBSCRIBERS = 100;

	private static final Log logger = LogFactory.getLog(PushHints.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	private final NodeKeys keys;

	private final ChangeNotifications notifications;

	private final WebClient http = WebClient.create();

	private final String nodeId;

	private volatile Disposable sending;

	private final Peers peers;

	PushHints(DatabaseClient db, NodeKeys keys, ChangeNotifications notifications, RegistryProperties registry,
			Peers peers) {
		this.peers = peers;
		this.db = db;
		this.keys = keys;
		this.notifications = notifications;
		this.nodeId = registry.nodeId();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		sending = notifications.afterChanges(Duration.ofMillis(100), false,
				() -> send().onErrorResume(ex -> Mono.empty()));
	}

	/** A subscriber asks for hints at its URL. */
	Mono<Void> subscribe(String node, String url) {
		// at most MAX_SUBSCRIBERS: a hint per change to each must stay cheap
		return db.sql("""
				insert into federation_subscriber (node_id, url)
				select :node, :url
				where (select count(*) from federation_subscriber) < %d
				   or exists (select 1 from federation_subscriber where node_id = :node)
				on conflict (node_id) do update set url = excluded.url, subscribed_at = now()""".formatted(MAX_SUBSCRIBERS))
			.bind("node", node)
			.bind("url", url)
			.then();
	}

	/** Signs a hint and posts it to every subscriber; without subscribers, does nothing (no key is made for it). */
	Mono<Void> send() {
		return db.sql("select url from federation_subscriber")
			.map(row -> row.get("url", String.class))
			.all()
			.collectList()
			.filter(urls -> !urls.isEmpty())
			.flatMapMany(urls -> keys.signingKey()
				.map(key -> NodeKeys.compact(key, JSON.writeValueAsBytes(Map.of("node", nodeId, "iat",
						Instant.now().getEpochSecond()))))
				.flatMapMany(hint -> Flux.fromIterable(urls)
					// the address rule again when sending: the name may resolve elsewhere than at subscription
					.flatMap(url -> peers.checkAddress(url).then(http.post()
						.uri(url + HINT_PATH)
						.contentType(MediaType.TEXT_PLAIN)
						.bodyValue(hint)
						.retrieve()
						.toBodilessEntity()
						.timeout(Duration.ofSeconds(2))
						.onErrorResume(ex -> {
							if (logger.isDebugEnabled()) {
								logger.debug("Push hint to " + url + " not delivered: " + ex.getMessage());
							}
							return Mono.empty();
						})))))
			.then();
	}

	@Override
	public void destroy() {
		if (sending != null) {
			sending.dispose();
		}
	}

}
