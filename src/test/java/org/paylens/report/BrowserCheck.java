package org.paylens.report;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;

/**
 * Opens a report in Debian's headless Chromium (packages chromium and chromium-driver, which .ci/run installs) the
 * way a reader would, from disk, and says what it found.
 */
public final class BrowserCheck {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * @param images        every img element's src
     * @param broken        the src of each image that did not load (naturalWidth 0)
     * @param consoleErrors the browser console's errors (SEVERE entries)
     */
    public record Result(List<String> images, List<String> broken, List<String> consoleErrors) {
    }

    private BrowserCheck() {
    }

    /** Loads {@code page}, waits for every image, and saves a full-page screenshot to {@code screenshot}. */
    @SuppressWarnings("unchecked")
    public static Result open(Path page, Path screenshot) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser test needs Debian's chromium and chromium-driver "
                    + "(sudo apt-get install chromium chromium-driver); .ci/run installs them");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--window-size=1200,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is the system's: no download is attempted.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(page.toUri().toString());
            JavascriptExecutor js = driver;
            // Images on a page read from disk load before or soon after the load event; wait for each to settle.
            js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "Promise.all([...document.images].map(i => i.complete ? null"
                    + " : new Promise(r => { i.onload = r; i.onerror = r; }))).then(() => done(true));");
            List<String> images = (List<String>) js.executeScript("return [...document.images].map(i => i.getAttribute('src'));");
            List<String> broken = (List<String>) js.executeScript(
                    "return [...document.images].filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src'));");
            long height = (Long) js.executeScript("return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1200, (int) Math.min(height, 16_000)));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(screenshot.getParent());
            Files.copy(shot.toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage).toList();
            return new Result(images, broken, errors);
        } finally {
            driver.quit();
        }
    }
}
