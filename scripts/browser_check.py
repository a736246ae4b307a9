#!/usr/bin/env python3
"""Opens a self-contained HTML page in headless Chromium and checks that it stands alone.

Usage: browser_check.py FILE.html SCREENSHOT.png (scripts/browser-check installs what this needs).

Fails (exit 1, one line per problem on stderr) on:
  - any browser console message of level WARNING or SEVERE (Content-Security-Policy violations
    are reported there, so a blocked script, style or image fails the check too);
  - any network request other than the file itself (DevTools Network.requestWillBeSent events
    whose URL is neither the file's file:// URL nor a data: URL);
  - a page without an <svg> element, or whose body has no visible text.
Saves a full-page screenshot (viewport grown to the document's height, at most MAX_HEIGHT px) in
every case where the page loaded, so a failure can be looked at too. Exit 2: could not run at all.
"""

import json
import pathlib
import sys

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH = 1400
MAX_HEIGHT = 8000


def start_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={WIDTH},2400",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        # Chromium's own background fetches are not the page's, but keep the machine quiet anyway.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def network_requests(performance_log):
    """URLs of every request the page started, in order (DevTools Network.requestWillBeSent)."""
    urls = []
    for entry in performance_log:
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, ValueError, TypeError):
            continue
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message.get("params", {}).get("request", {}).get("url", ""))
    return urls


def is_the_file(url, file_url):
    return url.split("#", 1)[0] == file_url


def save_full_page_screenshot(driver, path):
    # scrollHeight is at least the viewport's height: measure from a short window.
    driver.set_window_size(WIDTH, 400)
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)"
    )
    height = max(200, min(int(height or 0), MAX_HEIGHT))
    driver.set_window_size(WIDTH, height)
    # The window may be taller than its viewport; grow it by the difference once.
    inner = int(driver.execute_script("return window.innerHeight") or height)
    if inner < height:
        driver.set_window_size(WIDTH, height + (height - inner))
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    if not driver.save_screenshot(str(path)):
        raise RuntimeError(f"could not save the screenshot to {path}")
    return height


def main(argv):
    if len(argv) != 3:
        print("usage: browser_check.py FILE.html SCREENSHOT.png", file=sys.stderr)
        return 2
    page = pathlib.Path(argv[1])
    screenshot = pathlib.Path(argv[2])
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    if not page.is_file():
        print(f"browser-check: {page}: no such file", file=sys.stderr)
        return 2
    file_url = page.resolve().as_uri()

    try:
        driver = start_driver()
    except Exception as error:  # selenium raises several kinds; all mean the same here
        print(f"browser-check: could not start headless Chromium: {error}", file=sys.stderr)
        return 2
    try:
        driver.set_page_load_timeout(60)
        driver.get(file_url)
        svg_count = len(driver.find_elements("tag name", "svg"))
        body_text = driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        height = save_full_page_screenshot(driver, screenshot)
        # Read the logs last: resizing for the screenshot can still trigger lazy loads.
        console = driver.get_log("browser")
        requests = network_requests(driver.get_log("performance"))
    finally:
        driver.quit()

    problems = []
    for entry in console:
        if entry.get("level") in ("SEVERE", "WARNING"):
            problems.append(f"console {entry['level']}: {entry.get('message', '').strip()}")
    for url in requests:
        if not is_the_file(url, file_url) and not url.startswith("data:"):
            problems.append(f"network request to {url}")
    if svg_count == 0:
        problems.append("no <svg> element on the page")
    if not body_text.strip():
        problems.append("the page body has no text")

    if problems:
        print(f"browser-check: FAILED: {page} ({len(problems)} problems; screenshot {screenshot})", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"browser-check: ok: {page}: {len(requests)} request(s), none but the file and data: URLs; "
        f"{len(console)} console message(s), {svg_count} <svg>, "
        f"screenshot {screenshot} ({WIDTH}x{height})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
