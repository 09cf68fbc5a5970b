package de.ozgregistry.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real headless Chromium (Debian's chromium and chromium-driver, never downloaded) for the browser tests of a
 * class: pages of the registry by path, waiting for the front end's marks, screenshots to
 * {@code target/e2e-screenshots/}, transferred bytes and load times per page to {@code target/e2e-report-<name>.txt},
 * and axe-core's WCAG 2.1 A/AA check of every page a test looks at.
 */
final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

	private static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	/** The desktop window of the tests. */
	static final Dimension DESKTOP = new Dimension(1280, 1000);

	/** A phone held upright (390 × 844 CSS pixels, as an iPhone 12 to 15). */
	static final Dimension PHONE = new Dimension(390, 844);

	private final ChromeDriver driver;

	private final Path report;

	private final List<String> lines = new ArrayList<>();

	private int port;

	private Browser(ChromeDriver driver, Path report) {
		this.driver = driver;
		this.report = report;
		this.lines.add(String.format("%-28s %12s %14s %8s %10s", "page", "transferred", "encoded body", "requests",
				"ready ms"));
	}

	/** Starts Chromium; its report is {@code target/e2e-report-<name>.txt}. Screenshots of the class are kept. */
	static Browser start(String name) throws IOException {
		assertThat(CHROMIUM).as("Chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver; .ci/run installs it)").isExecutable();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--lang=de-DE");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		Files.createDirectories(SCREENSHOTS);
		return new Browser(driver, Path.of("target", "e2e-report-" + name + ".txt"));
	}

	/** The registry the paths are on (the test's random port). */
	Browser at(int port) {
		this.port = port;
		return this;
	}

	/** Signs out: the token lives in sessionStorage of the registry's origin. */
	void signOut() {
		driver.get(url("/ui/config.json"));
		js("sessionStorage.clear()");
	}

	ChromeDriver driver() {
		return driver;
	}

	String url(String path) {
		return path.startsWith("http") ? path : "http://localhost:" + port + path;
	}

	/** Opens a page of the registry and waits until its script has rendered it. */
	void open(String path) {
		driver.get(url(path));
		rendered();
	}

	/** Waits until the page's script has rendered it (the front end marks {@code ozg-rendered}). */
	void rendered() {
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ignored -> Boolean.TRUE
			.equals(js("return performance.getEntriesByName('ozg-rendered').length > 0")));
	}

	WebElement waitFor(By by) {
		return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	Object js(String script, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(script, arguments);
	}

	void resize(Dimension size) {
		driver.manage().window().setSize(size);
	}

	/** Screenshot, size and timing for the report, and no WCAG 2.1 A/AA violation. */
	void check(String name) {
		screenshot(name);
		measure(name);
		Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
		assertThat(results.getViolations()).as("axe-core violations on %s (%s):%n%s", name, driver.getCurrentUrl(),
				describe(results.getViolations())).isEmpty();
	}

	/** How much wider than the window the page is, in CSS pixels (0: nothing scrolls sideways). */
	long overflow() {
		return ((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
			.longValue();
	}

	private static String describe(List<Rule> violations) {
		return violations.stream()
			.map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + "\n"
					+ rule.getNodes().stream()
						.map(node -> "    " + node.getTarget() + ": " + node.getFailureSummary())
						.collect(Collectors.joining("\n")))
			.collect(Collectors.joining("\n"));
	}

	@SuppressWarnings("unchecked")
	void measure(String name) {
		Map<String, Object> m = (Map<String, Object>) js("""
				const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
				const mark = performance.getEntriesByName('ozg-usable')[0] || performance.getEntriesByName('ozg-rendered')[0];
				return { transferred: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
				         encoded: entries.reduce((sum, e) => sum + (e.encodedBodySize || 0), 0),
				         requests: entries.length, ready: mark ? Math.round(mark.startTime) : -1 };""");
		lines.add(String.format("%-28s %12d %14d %8d %10d", name, ((Number) m.get("transferred")).longValue(),
				((Number) m.get("encoded")).longValue(), ((Number) m.get("requests")).longValue(),
				((Number) m.get("ready")).longValue()));
	}

	@SuppressWarnings("unchecked")
	void screenshot(String name) {
		Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
		double width = ((Number) size.get("width")).doubleValue();
		double height = Math.min(8000, ((Number) size.get("height")).doubleValue());
		Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
				"captureBeyondViewport", true,
				"clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
		try {
			Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		driver.quit();
		Files.write(report, lines);
	}

}
