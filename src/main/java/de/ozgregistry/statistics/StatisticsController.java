package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.List;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.CoverageTopics;
import de.ozgregistry.graphql.ReadTopics;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Adoption statistics for coordinators in the schema. */
@Controller
class StatisticsController {

	private final Coverage coverage;

	private final StatisticsRequests requests;

	private final CoverageTopics topics;

	StatisticsController(Coverage coverage, StatisticsRequests requests, CoverageTopics topics, ReadTopics reads) {
		this.coverage = coverage;
		this.requests = requests;
		this.topics = topics;
		reads.declare("Query", "coverage");
	}

	/** The coverage of one OZG-Leistung: it reads the adoptions that can cover it (and no others). */
	@QueryMapping(name = "coverage")
	Mono<List<CoverageRow>> coverage(@Argument Integer ozgId, @Argument Coverage.Level level, @Argument String within,
			@Argument LocalDate at, GraphQLContext context) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			LocalDate date = requests.at(at);
			return requests.ozgId(ozgId).flatMap(id -> topics.ofOzgService(id)
				.doOnNext(read -> ReadTopics.read(context, read))
				.then(coverage.of(id, level, region, date)));
		});
	}

	@QueryMapping
	Mono<List<ThemenfeldCoverageRow>> themenfeldCoverage(@Argument Integer themenfeld, @Argument Coverage.Level level,
			@Argument String within) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			return requests.themenfeld(themenfeld).flatMap(number -> coverage.ofThemenfeld(number, level, region));
		});
	}

}
