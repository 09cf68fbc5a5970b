package de.ozgregistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of {@code src/main/java} depend on each other without cycles, so that each feature can be read (and
 * changed) with only the packages below it in mind. Reads the sources: every mention of another package's type
 * (import, fully qualified name, Javadoc link) counts as a dependency.
 */
class PackageCyclesTest {

	private static final Path SOURCES = Path.of(System.getProperty("packageCycles.sources", "src/main/java"));

	private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

	/** A type or a wildcard of a registry package: {@code de.ozgregistry.changes.ChangeLog}, {@code ...seed.*}. */
	private static final Pattern REFERENCE = Pattern.compile("\\bde\\.ozgregistry((?:\\.[a-z]\\w*)*)\\.(?:[A-Z]|\\*)");

	@Test
	void mainPackagesHaveNoCycles() {
		Map<String, Map<String, Set<String>>> graph = graph(SOURCES);
		assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath()).containsKey("de.ozgregistry.changes");
		List<String> cycles = new ArrayList<>();
		for (Set<String> component : stronglyConnected(graph)) {
			StringBuilder cycle = new StringBuilder(String.join(", ", component)).append(':');
			for (String from : component) {
				for (var edge : graph.get(from).entrySet()) {
					if (component.contains(edge.getKey())) {
						cycle.append("\n  ").append(from).append(" -> ").append(edge.getKey()).append(" in ")
							.append(edge.getValue());
					}
				}
			}
			cycles.add(cycle.toString());
		}
		assertThat(cycles).as("package cycles").isEmpty();
	}

	@Test
	void aCycleThroughThreePackagesIsFound() {
		Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
		graph.put("a", Map.of("b", Set.of("A.java")));
		graph.put("b", Map.of("c", Set.of("B.java")));
		graph.put("c", Map.of("a", Set.of("C.java")));
		graph.put("d", Map.of("a", Set.of("D.java")));
		assertThat(stronglyConnected(graph)).containsExactly(Set.of("a", "b", "c"));
	}

	/** Package → package it mentions → the files that mention it. */
	private static Map<String, Map<String, Set<String>>> graph(Path root) {
		Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher declared = PACKAGE.matcher(source);
				if (!declared.find()) {
					continue;
				}
				String from = declared.group(1);
				Map<String, Set<String>> targets = graph.computeIfAbsent(from, p -> new TreeMap<>());
				Matcher reference = REFERENCE.matcher(source);
				while (reference.find()) {
					String to = "de.ozgregistry" + reference.group(1);
					if (!to.equals(from)) {
						targets.computeIfAbsent(to, p -> new TreeSet<>()).add(file.getFileName().toString());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return graph;
	}

	/** The strongly connected components with more than one package (Tarjan's algorithm). */
	private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		List<Set<String>> components = new ArrayList<>();
		for (String start : graph.keySet()) {
			if (!index.containsKey(start)) {
				visit(start, graph, index, low, stack, components);
			}
		}
		return components;
	}

	private static void visit(String node, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
			Map<String, Integer> low, Deque<String> stack, List<Set<String>> components) {
		index.put(node, index.size());
		low.put(node, index.get(node));
		stack.push(node);
		for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
			if (!index.containsKey(next)) {
				visit(next, graph, index, low, stack, components);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (stack.contains(next)) {
				low.put(node, Math.min(low.get(node), index.get(next)));
			}
		}
		if (low.get(node).equals(index.get(node))) {
			Set<String> component = new TreeSet<>();
			String member;
			do {
				member = stack.pop();
				component.add(member);
			}
			while (!member.equals(node));
			if (component.size() > 1) {
				components.add(component);
			}
		}
	}

}
