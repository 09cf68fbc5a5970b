package de.ozgregistry.graphql;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a client address, a credential), each holding up to a minute's allowance and refilled evenly
 * over the minute: the rule behind the request rate limits and the work budget.
 */
final class TokenBuckets {

	/** Buckets are dropped once this many exist and they are full again, so memory stays bounded. */
	private static final int CLEANUP_THRESHOLD = 10_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	/**
	 * The client address the limits count by: the connection's peer (a proxy in front must limit by the original
	 * address itself).
	 */
	static String clientAddress(InetSocketAddress remote) {
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	/**
	 * Takes {@code amount} from the key's bucket (at most its capacity, so that any single request can pass once the
	 * bucket is full); returns 0 if taken, else the seconds until that much is available.
	 */
	long take(String key, long perMinute, long amount, long now) {
		if (buckets.size() > CLEANUP_THRESHOLD) {
			buckets.values().removeIf(bucket -> bucket.isFull(now));
		}
		return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(amount, now);
	}

	/** Gives back what {@link #take} took, when a second bucket refused the same request. */
	void refund(String key, long amount, long now) {
		Bucket bucket = buckets.get(key);
		if (bucket != null) {
			bucket.refund(amount, now);
		}
	}

	/** A token bucket holding up to a minute's allowance, refilled continuously. */
	private static final class Bucket {

		private final double capacity;

		private final double perNano;

		private double tokens;

		private long updated;

		Bucket(long perMinute, long now) {
			this.capacity = Math.max(perMinute, 1);
			this.perNano = capacity / 60e9;
			this.tokens = capacity;
			this.updated = now;
		}

		synchronized long take(long amount, long now) {
			refill(now);
			double wanted = Math.min(Math.max(amount, 0), capacity);
			if (tokens >= wanted) {
				tokens -= wanted;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((wanted - tokens) / perNano / 1e9));
		}

		synchronized void refund(long amount, long now) {
			refill(now);
			tokens = Math.min(capacity, tokens + Math.min(Math.max(amount, 0), capacity));
		}

		synchronized boolean isFull(long now) {
			refill(now);
			return tokens >= capacity;
		}

		private void refill(long now) {
			tokens = Math.min(capacity, tokens + (now - updated) * perNano);
			updated = now;
		}

	}

}
