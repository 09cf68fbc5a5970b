package de.ozgregistry.caching;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP caching of public reads and the store of automatic persisted queries.
 *
 * @param maxAge how long a shared cache (a reverse proxy, a CDN) may serve an anonymous query's answer without asking
 * again ({@code Cache-Control: public, max-age}); a change reaches readers behind such a cache at most this late
 * @param persistedQueriesMaxSize the documents of automatic persisted queries kept (their characters, two bytes
 * each); when full, the least recently used go first; 0 turns automatic persisted queries off
 */
@ConfigurationProperties("ozg.http-cache")
public record CachingProperties(@DefaultValue("10s") Duration maxAge,
		@DefaultValue("8MB") DataSize persistedQueriesMaxSize) {
}
