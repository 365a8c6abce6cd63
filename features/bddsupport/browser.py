"""A real Chromium for the hosted pages (/ui/…), driven through Debian's chromedriver with
Selenium, with the DevTools virtual authenticator standing in for the person's device: CTAP2,
internal (platform) transport, resident keys and user verification, so passkeys are created and
used as a laptop's built-in authenticator would.

The pages are opened at http://localhost:<port>: the service's default WebAuthn origin is its own
listener on localhost (RP ID "localhost"), and localhost is a secure context for the browser."""
import os
import shutil
import tempfile
from urllib.parse import urlparse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import VirtualAuthenticatorOptions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_S = 30  # a page's action includes Argon2 in the sanitizer build


class Browser:
    def __init__(self, base_url, driver_log):
        """driver_log: where chromedriver writes; it records what the test typed (passwords,
        codes), so it lives outside the service's log folders that the secrets scan reads."""
        port = urlparse(base_url).port
        self.origin = "http://localhost:%d" % port
        self.profile = tempfile.mkdtemp(prefix="authlens-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1000,1300", "--no-proxy-server", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--user-data-dir=" + self.profile):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = DriverService(CHROMEDRIVER, log_output=driver_log)
        self.driver = webdriver.Chrome(service=service, options=options)
        self.authenticator = self.driver.add_virtual_authenticator(VirtualAuthenticatorOptions(
            protocol="ctap2", transport="internal", has_resident_key=True,
            has_user_verification=True, is_user_verified=True))

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path):
        self.driver.get(self.origin + path)

    def element(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def fill(self, element_id, text):
        field = self.element(element_id)
        field.clear()
        field.send_keys(text)

    def click(self, element_id):
        self.element(element_id).click()

    def submit(self, form_id):
        self.driver.find_element(By.CSS_SELECTOR, "#%s button[type=submit]" % form_id).click()

    def until(self, condition, what, timeout=WAIT_S):
        """Waits for `condition(driver)` to be truthy; on a timeout, says what was awaited and
        what the page showed (its error regions and the console)."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition)
        except TimeoutException:
            raise AssertionError("%s: not within %d s on %s\n%s"
                                 % (what, timeout, self.driver.current_url, self.diagnosis())) from None

    def visible(self, element_id):
        return self.until(lambda d: d.find_element(By.ID, element_id).is_displayed()
                          and d.find_element(By.ID, element_id), "#%s shown" % element_id)

    def on_page(self, path):
        self.until(lambda d: urlparse(d.current_url).path == path, "on " + path)

    def errors(self):
        return [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".error") if e.text]

    def diagnosis(self):
        lines = ["errors shown: %s" % (self.errors() or "none")]
        try:
            lines += ["console: %s" % e["message"] for e in self.driver.get_log("browser")][-10:]
        except Exception:  # noqa: BLE001 (diagnosis only)
            pass
        return "\n".join(lines)

    def credentials(self):
        return self.driver.get_credentials()

    def session_storage_token(self):
        return self.driver.execute_script("return sessionStorage.getItem('authlens.token')")

    def screenshot(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.driver.save_screenshot(path)
