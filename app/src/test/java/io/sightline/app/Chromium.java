package io.sightline.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through Debian's chromedriver, both by explicit path so that Selenium Manager
 * never downloads anything. Missing in CI (env CI set): the test fails, because {@code ./sightline test} installs them;
 * missing on a developer machine: the test is skipped with a message saying how to install them.
 */
final class Chromium {
    static final Path BROWSER = Path.of(System.getenv().getOrDefault("SIGHTLINE_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("SIGHTLINE_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {}

    static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "Debian's chromium and chromedriver are needed at " + BROWSER + " and " + DRIVER
                + " (apt-get install chromium chromium-driver; ./sightline test installs them)";
        if (System.getenv("CI") != null) {
            Assertions.fail(message);
        }
        Assumptions.abort("skipped outside CI: " + message);
    }

    static ChromeDriver start() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1000");
        return new ChromeDriver(service, options);
    }
}
