package de.ozgregistry.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.RegistryProperties;

import org.springframework.stereotype.Component;

/**
 * The BKG VG5000 boundaries of {@code seed-data/maps} as compact SVG path data for the front end's maps: projected
 * once (equirectangular at 51° N, which keeps Germany's shape within a few per cent), simplified with
 * Douglas–Peucker and written with relative coordinates, keyed by the Land (2-digit) or Kreis (5-digit) code. The
 * raw GeoJSON (1.8 MB for the Kreise) shrinks to about a tenth; each level is built on first use and kept.
 */
@Component
class MapShapes {

	/** The attribution the licence (dl-de/by-2-0) asks for wherever the boundaries are shown. */
	static final String ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert), Datenlizenz Deutschland – "
			+ "Namensnennung – Version 2.0";

	/** Width of the map's coordinate system; the height follows from Germany's shape. */
	private static final double WIDTH = 600;

	private static final double WEST = 5.85;

	private static final double EAST = 15.05;

	private static final double NORTH = 55.06;

	private static final double SOUTH = 47.27;

	private static final double COS_LAT = Math.cos(Math.toRadians(51.2));

	private static final double SCALE = WIDTH / ((EAST - WEST) * COS_LAT);

	/** The map levels: GeoJSON file, simplification tolerance (map units) and smallest island kept. */
	enum Level {

		LAENDER("laender_vg5000_2021_gf9_only.geojson", 0.7, 4.0),
		KREISE("kreise_vg5000_2021.geojson", 0.45, 1.5);

		private final String file;

		private final double tolerance;

		private final double minArea;

		Level(String file, double tolerance, double minArea) {
			this.file = file;
			this.tolerance = tolerance;
			this.minArea = minArea;
		}

	}

	/** One built map: the JSON body and its entity tag. */
	record Shapes(byte[] json, String etag) {
	}

	private final Path mapsDir;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<Level, Shapes> built = new ConcurrentHashMap<>();

	MapShapes(RegistryProperties properties) {
		this.mapsDir = Path.of(properties.seedDataDir(), "maps");
	}

	/** The map of this level, built on first use. */
	Shapes shapes(Level level) {
		return built.computeIfAbsent(level, this::build);
	}

	private Shapes build(Level level) {
		JsonNode collection;
		try {
			collection = json.readTree(Files.readString(mapsDir.resolve(level.file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Map<String, String>> regions = new ArrayList<>();
		for (JsonNode feature : collection.get("features")) {
			JsonNode properties = feature.get("properties");
			JsonNode geometry = feature.get("geometry");
			List<JsonNode> polygons = new ArrayList<>();
			if ("Polygon".equals(geometry.get("type").asString())) {
				polygons.add(geometry.get("coordinates"));
			}
			else {
				geometry.get("coordinates").forEach(polygons::add);
			}
			Map<String, String> region = new LinkedHashMap<>();
			region.put("code", properties.get("ARS").asString());
			region.put("name", properties.get("GEN").asString());
			region.put("designation", properties.get("BEZ").asString());
			region.put("d", path(polygons, level));
			regions.add(region);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("viewBox", "0 0 %d %d".formatted((int) WIDTH, (int) Math.ceil(y(SOUTH))));
		body.put("attribution", ATTRIBUTION);
		body.put("regions", regions);
		byte[] bytes = json.writeValueAsBytes(body);
		return new Shapes(bytes, '"' + sha256(bytes).substring(0, 20) + '"');
	}

	/** SVG path data of a (multi)polygon: rings simplified, tiny islands dropped, but never the largest ring. */
	private static String path(List<JsonNode> polygons, Level level) {
		List<double[][]> rings = new ArrayList<>();
		double largest = 0;
		for (JsonNode polygon : polygons) {
			for (JsonNode ring : polygon) {
				double[][] points = new double[ring.size()][];
				for (int i = 0; i < ring.size(); i++) {
					points[i] = new double[] { x(ring.get(i).get(0).asDouble()), y(ring.get(i).get(1).asDouble()) };
				}
				rings.add(points);
				largest = Math.max(largest, Math.abs(area(points)));
			}
		}
		StringBuilder d = new StringBuilder();
		for (double[][] ring : rings) {
			double area = Math.abs(area(ring));
			if (area < level.minArea && area < largest) {
				continue;
			}
			List<double[]> kept = simplify(ring, level.tolerance);
			if (kept.size() < 4) {
				kept = List.of(ring);
			}
			long previousX = 0;
			long previousY = 0;
			for (int i = 0; i < kept.size() - 1; i++) {
				long px = Math.round(kept.get(i)[0] * 10);
				long py = Math.round(kept.get(i)[1] * 10);
				if (i == 0) {
					d.append('M').append(decimal(px)).append(' ').append(decimal(py)).append('l');
				}
				else {
					if (px == previousX && py == previousY) {
						continue;
					}
					appendSigned(d, decimal(px - previousX));
					appendSigned(d, decimal(py - previousY));
				}
				previousX = px;
				previousY = py;
			}
			d.append('z');
		}
		return d.toString();
	}

	private static void appendSigned(StringBuilder d, String number) {
		char last = d.charAt(d.length() - 1);
		if (!number.startsWith("-") && last != 'l') {
			d.append(' ');
		}
		d.append(number);
	}

	/** A number given in tenths, as SVG path text with at most one decimal. */
	private static String decimal(long tenths) {
		if (tenths % 10 == 0) {
			return Long.toString(tenths / 10);
		}
		return String.format(Locale.ROOT, "%.1f", tenths / 10.0);
	}

	private static double x(double longitude) {
		return (longitude - WEST) * COS_LAT * SCALE;
	}

	private static double y(double latitude) {
		return (NORTH - latitude) * SCALE;
	}

	private static double area(double[][] ring) {
		double sum = 0;
		for (int i = 0; i < ring.length - 1; i++) {
			sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
		}
		return sum / 2;
	}

	/** Douglas–Peucker on a closed ring (first point = last point), iteratively. */
	static List<double[]> simplify(double[][] ring, double tolerance) {
		int n = ring.length;
		if (n < 5) {
			return List.of(ring);
		}
		boolean[] keep = new boolean[n];
		keep[0] = true;
		keep[n - 1] = true;
		// split the ring at its farthest point from the start, so both halves are open lines
		int far = 0;
		double farDistance = -1;
		for (int i = 1; i < n - 1; i++) {
			double distance = Math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]);
			if (distance > farDistance) {
				farDistance = distance;
				far = i;
			}
		}
		keep[far] = true;
		java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
		stack.push(new int[] { 0, far });
		stack.push(new int[] { far, n - 1 });
		while (!stack.isEmpty()) {
			int[] segment = stack.pop();
			int from = segment[0];
			int to = segment[1];
			double max = -1;
			int index = -1;
			for (int i = from + 1; i < to; i++) {
				double distance = distanceToSegment(ring[i], ring[from], ring[to]);
				if (distance > max) {
					max = distance;
					index = i;
				}
			}
			if (index >= 0 && max > tolerance) {
				keep[index] = true;
				stack.push(new int[] { from, index });
				stack.push(new int[] { index, to });
			}
		}
		List<double[]> result = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (keep[i]) {
				result.add(ring[i]);
			}
		}
		return result;
	}

	private static double distanceToSegment(double[] p, double[] a, double[] b) {
		double dx = b[0] - a[0];
		double dy = b[1] - a[1];
		double length = dx * dx + dy * dy;
		double t = (length == 0) ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length));
		return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
