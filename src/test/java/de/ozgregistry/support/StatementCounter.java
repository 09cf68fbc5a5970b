package de.ozgregistry.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the application's R2DBC connection factory, counts the SQL statements it executes and keeps the texts of
 * those since the last {@link #reset} (at most {@value #KEPT}). Statements of the federation's pulls are not counted:
 * they run on their own schedule (every 30 s, whatever a test does), and no test counts them.
 */
public class StatementCounter implements BeanPostProcessor {

	private static final int KEPT = 200;

	private final AtomicInteger statements = new AtomicInteger();

	private final List<String> texts = new CopyOnWriteArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConnectionFactory factory && !beanName.contains("proxy")) {
			return ProxyConnectionFactory.builder(factory).listener(new ProxyExecutionListener() {
				@Override
				public void beforeQuery(QueryExecutionInfo execution) {
					execution.getQueries().forEach(query -> {
						if (query.getQuery().contains("federation_peer")) {
							return;
						}
						statements.incrementAndGet();
						if (texts.size() < KEPT) {
							texts.add(query.getQuery());
						}
					});
				}
			}).build();
		}
		return bean;
	}

	public void reset() {
		statements.set(0);
		texts.clear();
	}

	/** The statements executed since the last reset (the first {@value #KEPT}), in order. */
	public List<String> texts() {
		return List.copyOf(texts);
	}

	public int count() {
		return statements.get();
	}

}
