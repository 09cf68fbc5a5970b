package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Adoption statistics for coordinators in the schema. */
@Controller
class StatisticsController {

	private final Coverage coverage;

	private final StatisticsRequests requests;

	StatisticsController(Coverage coverage, StatisticsRequests requests) {
		this.coverage = coverage;
		this.requests = requests;
	}

	@QueryMapping(name = "coverage")
	Mono<List<CoverageRow>> coverage(@Argument Integer ozgId, @Argument Coverage.Level level, @Argument String within,
			@Argument LocalDate at) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			LocalDate date = requests.at(at);
			return requests.ozgId(ozgId).flatMap(id -> coverage.of(id, level, region, date));
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
