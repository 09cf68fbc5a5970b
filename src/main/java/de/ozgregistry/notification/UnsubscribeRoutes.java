package de.ozgregistry.notification;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The unsubscribe link of the e-mails: {@code GET} shows a German page with a button (so that a mail scanner that
 * follows links unsubscribes nobody), {@code POST} ends the subscription (the button, and the one-click
 * {@code List-Unsubscribe-Post} of mail programs, RFC 8058). No token is needed: the link is the credential.
 */
@Configuration(proxyBeanMethods = false)
class UnsubscribeRoutes {

	static final String PATH = "/benachrichtigungen/abbestellen";

	@Bean
	RouterFunction<ServerResponse> unsubscribePages(Subscriptions subscriptions) {
		// HEAD as GET: link checkers of mail programs ask with HEAD first
		return RouterFunctions.route()
			.route(RequestPredicates.GET(PATH).or(RequestPredicates.HEAD(PATH)), request -> confirm(request, subscriptions))
			.POST(PATH, request -> unsubscribe(request, subscriptions))
			.build();
	}

	private static Mono<ServerResponse> confirm(ServerRequest request, Subscriptions subscriptions) {
		String token = request.queryParam("token").orElse(null);
		return subscriptions.byToken(token)
			.flatMap(found -> {
				String what = (found.getKey().email() != null) ? " an " + found.getKey().email() : "";
				String body = found.getKey().active() ? "<p>Benachrichtigungen für " + escape(found.getValue()) + escape(what)
						+ " abbestellen?</p><form method=\"post\" action=\"" + PATH + "\"><input type=\"hidden\" "
						+ "name=\"token\" value=\"" + escape(token) + "\"><button type=\"submit\">Abbestellen</button>"
						+ "</form>"
						: "<p>Diese Benachrichtigungen für " + escape(found.getValue()) + " sind bereits abbestellt.</p>";
				return page(HttpStatus.OK, "Benachrichtigungen abbestellen", body);
			})
			.switchIfEmpty(Mono.defer(UnsubscribeRoutes::unknown));
	}

	private static Mono<ServerResponse> unsubscribe(ServerRequest request, Subscriptions subscriptions) {
		Mono<String> token = request.queryParam("token")
			.map(Mono::just)
			.orElseGet(() -> request.formData().mapNotNull(form -> form.getFirst("token")));
		return token.flatMap(subscriptions::unsubscribeByToken)
			.flatMap(ended -> page(HttpStatus.OK, "Benachrichtigungen abbestellt",
					"<p>Sie erhalten diese Benachrichtigungen nicht mehr.</p>"))
			.switchIfEmpty(Mono.defer(UnsubscribeRoutes::unknown));
	}

	private static Mono<ServerResponse> unknown() {
		return page(HttpStatus.NOT_FOUND, "Link nicht gültig",
				"<p>Dieser Abbestell-Link ist nicht (mehr) gültig.</p>");
	}

	private static Mono<ServerResponse> page(HttpStatus status, String title, String body) {
		String html = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
				+ "content=\"width=device-width, initial-scale=1\"><title>" + title + " – OZG-Registry</title></head>"
				+ "<body><main><h1>" + title + "</h1>" + body + "<p><a href=\"/\">Zur OZG-Registry</a></p></main>"
				+ "</body></html>";
		return ServerResponse.status(status)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.bodyValue(html);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
	}

}
