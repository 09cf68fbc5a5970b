package de.ozgregistry.support;

import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/** Wraps the application's R2DBC connection factory and counts the SQL statements it executes. */
public class StatementCounter implements BeanPostProcessor {

	private final AtomicInteger statements = new AtomicInteger();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConnectionFactory factory && !beanName.contains("proxy")) {
			return ProxyConnectionFactory.builder(factory).listener(new ProxyExecutionListener() {
				@Override
				public void beforeQuery(QueryExecutionInfo execution) {
					statements.addAndGet(execution.getQueries().size());
				}
			}).build();
		}
		return bean;
	}

	public void reset() {
		statements.set(0);
	}

	public int count() {
		return statements.get();
	}

}
