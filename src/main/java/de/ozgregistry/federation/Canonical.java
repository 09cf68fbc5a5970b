package de.ozgregistry.federation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes a feed entry's signature covers: the entry's JSON with the members of every object sorted by name and no
 * white space (RFC 8785 for the values the feed carries: strings, integers, booleans, null). Signer and verifier
 * both compute them from the parsed entry, so that the signature survives any re-serialization in between.
 */
final class Canonical {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Canonical() {
	}

	static byte[] bytes(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
			members.sort(Map.Entry.comparingByKey());
			out.append('{');
			for (int i = 0; i < members.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				out.append(JSON.writeValueAsString(members.get(i).getKey())).append(':');
				write(members.get(i).getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(node.get(i), out);
			}
			out.append(']');
		}
		else {
			out.append(JSON.writeValueAsString(node));
		}
	}

}
