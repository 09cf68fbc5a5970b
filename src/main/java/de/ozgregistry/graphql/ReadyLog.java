package de.ozgregistry.graphql;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Tells the operator where the registry can be reached once the server listens. */
@Component
class ReadyLog implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ReadyLog.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		int port = event.getWebServer().getPort();
		logger.info("ozg-registry is ready: GraphQL at http://localhost:" + port + "/graphql, GraphiQL at http://localhost:"
				+ port + "/graphiql");
	}

}
