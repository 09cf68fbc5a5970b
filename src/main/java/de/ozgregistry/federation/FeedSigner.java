package de.ozgregistry.federation;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Signs this node's feed entries soon after they commit, once each (PS256 takes 2.2 ms an entry on this machine's
 * JDK), so that readers find the signatures made ({@code change_signature}) instead of waiting for them; it reads the
 * node's own feed like a peer would, from the beginning at start and on from there after every change. Only on a node
 * peers can reach ({@code ozg.federation.base-url} set): elsewhere an entry is signed when a reader first asks for it.
 */
@Component
class FeedSigner implements DisposableBean {

	private static final Log logger = LogFactory.getLog(FeedSigner.class);

	private final ChangeFeed feed;

	private final ChangeNotifications notifications;

	private final boolean reachable;

	private volatile Disposable signing;

	FeedSigner(ChangeFeed feed, ChangeNotifications notifications, FederationProperties properties) {
		this.feed = feed;
		this.notifications = notifications;
		this.reachable = !properties.baseUrl().isBlank();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!reachable) {
			return;
		}
		String[] cursor = { ChangeFeed.START };
		signing = notifications.afterChanges(Duration.ofSeconds(1), true, () -> signAll(cursor).onErrorResume(ex -> {
			logger.warn("Signing the feed failed (readers sign what they need): " + ex.getMessage());
			return Mono.empty();
		}));
	}

	/** Signs page after page until the end of the feed, moving the cursor. */
	private Mono<Void> signAll(String[] cursor) {
		return feed.signAfter(cursor[0], 500).flatMap(next -> {
			if (next.equals(cursor[0])) {
				return Mono.<Void>empty();
			}
			cursor[0] = next;
			return signAll(cursor);
		});
	}

	@Override
	public void destroy() {
		if (signing != null) {
			signing.dispose();
		}
	}

}
