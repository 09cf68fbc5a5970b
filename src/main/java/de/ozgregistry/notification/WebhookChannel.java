package de.ozgregistry.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends a message to a subscriber's webhook: a JSON POST signed with HMAC-SHA256 under the subscription's secret.
 * {@code X-OZG-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">} (the timestamp is signed, so a receiver
 * can refuse replays); {@code X-OZG-Delivery} names the delivery (the same on every retry). Any 2xx answer is a
 * delivery. The target's address is checked again before every call.
 */
@Component
class WebhookChannel {

	/** A webhook that answered, but not with 2xx. */
	static final class Refused extends RuntimeException {

		private final int status;

		Refused(int status) {
			super("the webhook answered HTTP " + status, null, false, false);
			this.status = status;
		}

		int status() {
			return status;
		}

	}

	static final String SIGNATURE = "X-OZG-Signature";

	private final WebClient http = WebClient.builder().build();

	private final NotificationProperties properties;

	private final PublicUrl publicUrl;

	private final Subscriptions subscriptions;

	WebhookChannel(NotificationProperties properties, PublicUrl publicUrl, Subscriptions subscriptions) {
		this.properties = properties;
		this.publicUrl = publicUrl;
		this.subscriptions = subscriptions;
	}

	/** Posts the message; the HTTP status on success. */
	Mono<Integer> send(Dispatcher.Due due) {
		String body = due.message().webhookBody(publicUrl.get());
		long timestamp = System.currentTimeMillis() / 1000;
		return subscriptions.checkWebhook(due.webhookUrl(), "webhookUrl")
			.then(Mono.defer(() -> http.post()
				.uri(URI.create(due.webhookUrl()))
				.contentType(MediaType.APPLICATION_JSON)
				.header("User-Agent", "ozg-registry-webhook")
				.header("X-OZG-Delivery", due.id().toString())
				.header(SIGNATURE, "t=" + timestamp + ",v1=" + sign(due.webhookSecret(), timestamp, body))
				.bodyValue(body.getBytes(StandardCharsets.UTF_8))
				.exchangeToMono(response -> response.releaseBody().then(Mono.fromCallable(() -> {
					int status = response.statusCode().value();
					if (!response.statusCode().is2xxSuccessful()) {
						throw new Refused(status);
					}
					return status;
				})))))
			.timeout(properties.timeout());
	}

	/** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under the secret. */
	static String sign(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of()
				.formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
