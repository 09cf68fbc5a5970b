package de.ozgregistry.web;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.chrome.ChromeDriver;

import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the browser tests: one {@link Browser} per test class, in the shared application context of the API
 * tests; its report is {@code target/e2e-report-<class>.txt}. Every test starts signed out.
 */
abstract class BrowserTest extends ApiTest {

	protected static Browser session;

	protected static ChromeDriver browser;

	@LocalServerPort
	protected int port;

	@BeforeAll
	static void startBrowser(TestInfo test) throws IOException {
		session = Browser.start(test.getTestClass().orElseThrow().getSimpleName());
		browser = session.driver();
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (session != null) {
			session.close();
			session = null;
		}
	}

	/** The token lives in sessionStorage of the registry's origin: every test starts without one. */
	@BeforeEach
	void startSignedOut() {
		session.at(port);
		session.signOut();
	}

}
