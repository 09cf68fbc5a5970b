package de.ozgregistry.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.responsibility.Covers;
import de.ozgregistry.responsibility.Responsibility;

import org.springframework.stereotype.Component;

/**
 * The OZG-Leistungen an organization is responsible for ({@link Responsibility}: the levels that execute each
 * OZG-Leistung, with the deviations of its Land and its own additions) and that no live adoption covers for it
 * ({@link Covers}: its own, or one by any body whose area contains it, by the coverage definition of the statistics),
 * each with the reason it is responsible and its best reuse option.
 */
@Component
class Gaps {

	/** A gap with its reason and its best option ({@code null} if there is none). */
	record Gap(int ozgId, Responsibility.Reason reason, ReuseOption bestOption, int optionCount) {
	}

	private final OpenGaps open;

	private final ReuseRanking ranking;

	Gaps(OpenGaps open, ReuseRanking ranking) {
		this.open = open;
		this.ranking = ranking;
	}

	/** All gaps of the organization, best option first, then by OZG-ID. */
	Mono<List<Gap>> of(Organization organization) {
		return open.of(organization).flatMap(reasons -> {
			List<Integer> ozgIds = List.copyOf(reasons.keySet());
			return ranking.rank(organization, ozgIds, solution -> true).map(options -> gaps(ozgIds, reasons, options));
		});
	}

	private static List<Gap> gaps(List<Integer> ozgIds, Map<Integer, Responsibility.Reason> reasons,
			Map<Integer, List<ReuseOption>> options) {
		List<Gap> gaps = new ArrayList<>();
		for (int ozgId : ozgIds) {
			List<ReuseOption> list = options.getOrDefault(ozgId, List.of());
			gaps.add(new Gap(ozgId, reasons.get(ozgId), list.isEmpty() ? null : list.get(0), list.size()));
		}
		gaps.sort(Comparator
			.comparingDouble((Gap gap) -> (gap.bestOption() == null) ? Double.NEGATIVE_INFINITY
					: gap.bestOption().score())
			.reversed()
			.thenComparingInt(Gap::ozgId));
		return gaps;
	}

}
