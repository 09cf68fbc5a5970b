package de.ozgregistry.discovery;

import java.util.Map;
import java.util.function.Function;

/** Names a search hit's item as the relevance set does: {@code ozg:10160}, {@code leika:…}, {@code ars:…}. */
final class SearchItems {

	private SearchItems() {
	}

	/** The identity of an item of a {@code SearchHit}; solutions are named by {@code solutionName}. */
	static String id(Map<?, ?> item, Function<String, String> solutionName) {
		return switch ((String) item.get("__typename")) {
			case "OzgService" -> "ozg:" + item.get("ozgId");
			case "LeikaService" -> "leika:" + item.get("key");
			case "Organization" -> "ars:" + item.get("ars");
			default -> "solution:" + solutionName.apply((String) item.get("name"));
		};
	}

}
