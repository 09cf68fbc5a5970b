package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * GraphQL over WebSocket (graphql-transport-ws) as the protocol says where spring-graphql does not: a message that is
 * not JSON or has a type the protocol does not define closes the socket with 4400 (spring-graphql ends it without a
 * close code), and a {@code connection_init} whose credential is refused closes it with 4403 Forbidden (the
 * credential is checked by {@code security.Authentication}, which marks the session {@link #REFUSED}). The server
 * pings an idle connection every keep-alive interval ({@code OZG_KEEP_ALIVE}).
 */
public class WebSocketTransport extends GraphQlWebSocketHandler {

	/** The session attribute that says the {@code connection_init}'s credential was refused. */
	public static final String REFUSED = WebSocketTransport.class.getName() + ".refused";

	static final CloseStatus INVALID_MESSAGE = new CloseStatus(4400, "Invalid message");

	static final CloseStatus FORBIDDEN = new CloseStatus(4403, "Forbidden");

	private static final Set<String> MESSAGE_TYPES = Set.of("connection_init", "connection_ack", "ping", "pong",
			"subscribe", "next", "error", "complete");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	WebSocketTransport(WebGraphQlHandler handler, CodecConfigurer codecs, Duration initTimeout, Duration keepAlive) {
		super(handler, codecs, initTimeout, keepAlive);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return super.handle(new ProtocolSession(session));
	}

	/** Whether a message is a text message of a type graphql-transport-ws defines. */
	static boolean wellFormed(WebSocketMessage message) {
		if (message.getType() != WebSocketMessage.Type.TEXT) {
			return message.getType() == WebSocketMessage.Type.PING || message.getType() == WebSocketMessage.Type.PONG;
		}
		try {
			JsonNode node = JSON.readTree(message.getPayloadAsText());
			return node.isObject() && node.path("type").isString() && MESSAGE_TYPES.contains(node.path("type").asString());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The session with the protocol's close codes: 4400 for a malformed message, 4403 for a refused credential. */
	private static final class ProtocolSession implements WebSocketSession {

		private final WebSocketSession session;

		ProtocolSession(WebSocketSession session) {
			this.session = session;
		}

		@Override
		public Flux<WebSocketMessage> receive() {
			return session.receive()
				.concatMap(message -> wellFormed(message) ? Mono.just(message)
						: session.close(INVALID_MESSAGE).then(Mono.<WebSocketMessage>empty()));
		}

		@Override
		public Mono<Void> close(CloseStatus status) {
			if (status.getCode() == 4401 && Boolean.TRUE.equals(session.getAttributes().get(REFUSED))) {
				return session.close(FORBIDDEN);
			}
			return session.close(status);
		}

		@Override
		public String getId() {
			return session.getId();
		}

		@Override
		public HandshakeInfo getHandshakeInfo() {
			return session.getHandshakeInfo();
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return session.bufferFactory();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return session.getAttributes();
		}

		@Override
		public Mono<Void> send(Publisher<WebSocketMessage> messages) {
			return session.send(messages);
		}

		@Override
		public boolean isOpen() {
			return session.isOpen();
		}

		@Override
		public Mono<CloseStatus> closeStatus() {
			return session.closeStatus();
		}

		@Override
		public WebSocketMessage textMessage(String payload) {
			return session.textMessage(payload);
		}

		@Override
		public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return session.binaryMessage(payloadFactory);
		}

		@Override
		public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return session.pingMessage(payloadFactory);
		}

		@Override
		public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return session.pongMessage(payloadFactory);
		}

	}

}
