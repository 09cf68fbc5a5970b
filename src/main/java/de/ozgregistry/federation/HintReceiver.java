package de.ozgregistry.federation;

import java.text.ParseException;
import java.time.Instant;

import com.nimbusds.jose.JWSObject;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Takes a peer's push hint: a compact JWS by one of the peer's known keys, naming the peer and signed within the
 * tolerated clock skew. A valid one makes {@link Replication} pull that peer now; anything else is ignored.
 */
@Component
class HintReceiver {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Peers peers;

	private final Replication replication;

	private final long skewSeconds;

	HintReceiver(Peers peers, Replication replication, FederationProperties properties) {
		this.peers = peers;
		this.replication = replication;
		this.skewSeconds = properties.clockSkew().toSeconds();
	}

	/** Whether the hint was valid (and a pull of its peer asked for). */
	Mono<Boolean> receive(String hint) {
		String claimed;
		try {
			JsonNode payload = JSON.readTree(JWSObject.parse(hint).getPayload().toBytes());
			claimed = payload.path("node").asString("");
		}
		catch (ParseException | RuntimeException ex) {
			return Mono.just(false);
		}
		return peers.all().map(all -> all.stream()
			.filter(peer -> peer.pulled() && peer.nodeId().equals(claimed))
			.findFirst()
			.map(peer -> {
				byte[] verified = NodeKeys.verified(hint, peer.keys());
				if (verified == null) {
					return false;
				}
				long iat = JSON.readTree(verified).path("iat").asLong(0);
				if (Math.abs(Instant.now().getEpochSecond() - iat) > skewSeconds) {
					return false;
				}
				replication.hint(peer.nodeId());
				return true;
			})
			.orElse(false));
	}

}
