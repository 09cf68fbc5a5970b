package de.ozgregistry.statistics;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs a report's queries with plans made for their actual arguments. The driver keeps statements prepared per
 * connection, and PostgreSQL switches a prepared statement to one generic plan after five runs. The cost of a report
 * depends on its arguments by orders of magnitude (an OZG-Leistung adopted 40 times or 3,000 times, one Kreis or the
 * whole country), and a generic plan measured up to 20 times slower than a custom one. So each report runs in a
 * read-only transaction of its own with {@code plan_cache_mode = force_custom_plan}; every other statement keeps
 * the cached plans.
 */
@Component
class CustomPlans {

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	CustomPlans(DatabaseClient db, ReactiveTransactionManager transactions) {
		this.db = db;
		DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
		readOnly.setReadOnly(true);
		this.transaction = TransactionalOperator.create(transactions, readOnly);
	}

	<T> Mono<T> run(Mono<T> report) {
		return transaction.transactional(db.sql("set local plan_cache_mode = force_custom_plan").then().then(report));
	}

}
