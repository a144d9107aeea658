"""Fixtures and helpers for the browser suite: the real `cme serve --demo`, driven by headless Chromium.

The suite checks what a person sees: pages rendered by the real binary on a real database, in a real browser,
with axe-core judging accessibility. Run it with `scripts/browser-test` (which installs Chromium, chromedriver
and the pinned Python packages). Tests import the helpers directly: `from conftest import shot, sign_in`.

Fixtures: `server` (session: the running binary and its demo users), `base_url` (session), `browser` (per test:
a fresh headless Chromium, so no cookies leak between tests).
Helpers: `shot`, `assert_accessible`, `sign_in`, `totp`, `parse_demo_output`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "browser"

# Debian's packages (scripts/browser-test installs them). Naming both paths keeps Selenium Manager, which would
# try to download a browser and a driver, out of it: this machine reaches no such download.
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_ARGUMENTS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"]

# WCAG 2.2 AA is the target; axe tags each rule with the levels it belongs to, so all five are needed.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

HEALTH_TIMEOUT_SECONDS = 120  # the demo load (about 200 cases) takes a while on two cores, more in a debug build
DEMO_OUTPUT_GRACE_SECONDS = 10  # stdout is a file, so the table may land a moment after /health answers
# Bcrypt (cost 12) in a debug build, on two cores that may be compiling too, can take many seconds per sign-in.
PAGE_TIMEOUT_SECONDS = 60


# --- The server -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    """One row of the demo table. `secret` is the TOTP secret (base32), None for users who sign in without one."""

    role: str
    email: str
    password: str
    secret: str | None
    token: str


@dataclass
class Server:
    """The running `cme serve --demo`: where it listens, who can sign in, and where its output goes."""

    base_url: str
    users: dict[str, list[DemoUser]]
    process: subprocess.Popen
    stdout_path: Path
    stderr_path: Path

    def user(self, role: str, index: int = 0) -> DemoUser:
        """The `index`-th demo user with `role`, failing with the roles there are when there is none."""
        users = self.users.get(role, [])
        if index >= len(users):
            pytest.fail(f"no demo user #{index} with role {role!r}; roles: {sorted(self.users)}", pytrace=False)
        return users[index]


class DemoOutputError(Exception):
    """The server's stdout does not follow the demo output contract (see parse_demo_output)."""


def parse_demo_output(text: str) -> dict[str, list[DemoUser]]:
    """Reads the demo sign-in table printed by `cme serve --demo`, so tests never hard-code passwords or secrets.

    The contract: a line containing "password is: " then the shared password; a header line starting with
    whitespace and "ROLE"; then rows of exactly four whitespace-separated fields (role, email, TOTP secret or "-",
    API token), ending at the first line that is not such a row. Several users may share a role: order is kept.
    """
    lines = text.splitlines()
    password = next((line.split("password is: ", 1)[1].strip() for line in lines if "password is: " in line), None)
    header = next((i for i, line in enumerate(lines) if re.match(r"\s+ROLE\s", line)), None)
    if not password or header is None:
        missing = "line containing 'password is: '" if not password else "header line ('  ROLE  EMAIL ...')"
        raise DemoOutputError(f"the demo output has no {missing}. The server printed:\n{text or '(nothing)'}")
    users: dict[str, list[DemoUser]] = {}
    for line in lines[header + 1 :]:
        fields = line.split()
        if len(fields) != 4:
            break
        role, email, secret, token = fields
        users.setdefault(role, []).append(DemoUser(role, email, password, None if secret == "-" else secret, token))
    if not users:
        raise DemoOutputError(f"the demo table has a header but no rows. The server printed:\n{text}")
    return users


def cme_binary() -> Path:
    """$CME_BIN, relative paths taken from the repository root (scripts/browser-test runs from there)."""
    path = Path(os.environ.get("CME_BIN", ".build/debug/cme"))
    return path if path.is_absolute() else REPO / path


def free_port() -> int:
    """A port free on loopback now. The kernel may hand it out again, but not within the second we need it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log, for failure messages that say why without opening files."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no file)"


def server_logs(server_or_paths: Server | tuple[Path, Path]) -> str:
    """Both output streams' tails, labelled: stderr has Vapor's log, stdout the demo table."""
    if isinstance(server_or_paths, Server):
        stdout, stderr = server_or_paths.stdout_path, server_or_paths.stderr_path
    else:
        stdout, stderr = server_or_paths
    return f"--- server stdout (tail) ---\n{tail(stdout)}\n--- server stderr (tail) ---\n{tail(stderr)}"


def wait_for_health(base_url: str, process: subprocess.Popen, timeout: float) -> None:
    """Polls GET /health until it answers 200; raises if the process dies or the time runs out."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before /health answered")
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
                last = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last = f"status {error.code}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = str(error)
        time.sleep(0.25)
    raise RuntimeError(f"/health did not answer 200 within {timeout:.0f} s (last: {last})")


def read_demo_users(stdout_path: Path, process: subprocess.Popen) -> dict[str, list[DemoUser]]:
    """Parses the demo table, giving the server a moment to flush it: it writes to a file, not a terminal."""
    deadline = time.monotonic() + DEMO_OUTPUT_GRACE_SECONDS
    while True:
        try:
            return parse_demo_output(stdout_path.read_text(errors="replace"))
        except DemoOutputError:
            if time.monotonic() >= deadline or process.poll() is not None:
                raise
            time.sleep(0.25)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the server has not gone within ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


SERVER_KEY = pytest.StashKey[Server]()


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One `cme serve --demo` for the whole session (the demo load is too slow to repeat per test).

    It runs in a temporary directory on a fresh SQLite file and a free loopback port, with the repository's
    policies. Its output is kept in test-output/browser/server/ and its tail is printed when a test fails.
    """
    binary = cme_binary()
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no cme binary at {binary}: build it (swift build) or set CME_BIN", pytrace=False)
    workdir = tmp_path_factory.mktemp("cme-server")
    logs = OUTPUT / "server"
    logs.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = logs / "stdout.log", logs / "stderr.log"
    port = free_port()
    command = [str(binary), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)]
    command += ["--database", f"sqlite://{workdir / 'cme.sqlite'}", "--policies", str(REPO / "policies")]
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(command, cwd=workdir, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base_url, process, HEALTH_TIMEOUT_SECONDS)
        users = read_demo_users(stdout_path, process)
    except (RuntimeError, DemoOutputError) as error:
        problem = str(error)
    else:
        problem = None
    if problem is not None:  # failed outside the except block, so pytest does not print the cause twice
        stop(process)
        logs = server_logs((stdout_path, stderr_path))
        pytest.fail(f"{problem}\ncommand: {' '.join(command)}\n{logs}", pytrace=False)
    started = Server(base_url, users, process, stdout_path, stderr_path)
    request.config.stash[SERVER_KEY] = started
    yield started
    stop(process)


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    """The server's root, e.g. http://127.0.0.1:PORT (no trailing slash)."""
    return server.base_url


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """After failures, shows what the server logged: most browser failures are explained there."""
    started = config.stash.get(SERVER_KEY, None)
    if started is not None and exitstatus != 0:
        terminalreporter.section("cme serve output")
        terminalreporter.write_line(server_logs(started))


# --- Per-test output: screenshots and axe reports -----------------------------------------------------------------

_counters: dict[Path, int] = {}
REPORT_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


def current_output_dir() -> Path:
    """test-output/browser/<test name>/ for the running test (pytest names it in PYTEST_CURRENT_TEST)."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "outside-a-test (call)")
    name = current.rsplit(" ", 1)[0].split("::")[-1]
    return OUTPUT / re.sub(r"[^A-Za-z0-9_.\[\]-]+", "_", name)


def next_output_path(name: str, suffix: str) -> Path:
    """NN-name.suffix in this test's directory, numbered so a listing reads in the order things happened."""
    directory = current_output_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _counters[directory] = _counters.get(directory, 0) + 1
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    return directory / f"{_counters[directory]:02d}-{slug}{suffix}"


@pytest.fixture(autouse=True)
def _fresh_test_output() -> None:
    """Empties this test's output directory first, so it never mixes files from an earlier run."""
    directory = current_output_dir()
    shutil.rmtree(directory, ignore_errors=True)
    _counters.pop(directory, None)


def shot(driver: WebDriver, name: str) -> Path:
    """Saves a PNG of the viewport as test-output/browser/<test>/NN-<name>.png and returns its path."""
    path = next_output_path(name, ".png")
    driver.save_screenshot(str(path))
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keeps each phase's report on the item, so the browser fixture knows at teardown whether the test failed."""
    report = yield
    item.stash.setdefault(REPORT_KEY, {})[report.when] = report
    return report


# --- The browser ------------------------------------------------------------------------------------------------


def new_chromium() -> WebDriver:
    """Headless Debian Chromium through Debian's chromedriver, at a fixed size so screenshots compare."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in CHROMIUM_ARGUMENTS:
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(PAGE_TIMEOUT_SECONDS)
    driver.set_script_timeout(60)  # axe on a long page
    return driver


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    """A fresh browser per test (no cookies carried over); on failure it leaves a screenshot and the HTML."""
    driver = new_chromium()
    yield driver
    reports = request.node.stash.get(REPORT_KEY, {})
    if any(report.failed for report in reports.values()):
        try:
            shot(driver, "failure")
            next_output_path("failure", ".html").write_text(driver.page_source)
        except Exception as error:  # the browser may be what failed; the test's own error matters more
            print(f"could not capture the failed page: {error}")
    driver.quit()


# --- Accessibility ------------------------------------------------------------------------------------------------


def selector(node: dict) -> str:
    """An axe node's target as one string; several parts mean the element sits inside frames."""
    return " >>> ".join(map(str, node["target"]))


def format_violations(violations: list[dict]) -> str:
    """One readable line per axe rule broken: id, impact, help and the first few elements' selectors."""
    lines = []
    for violation in violations:
        targets = [selector(node) for node in violation["nodes"]]
        shown = ", ".join(targets[:3]) + (f" (+{len(targets) - 3} more)" if len(targets) > 3 else "")
        lines.append(f"- {violation['id']} [{violation.get('impact')}] {violation['help']}: {shown}")
    return "\n".join(lines)


def assert_accessible(driver: WebDriver, name: str = "axe") -> dict:
    """Runs axe-core on the current page against WCAG 2.2 A and AA; fails listing what it broke.

    The full result (violations, passes, incomplete) is saved as test-output/browser/<test>/NN-<name>.json.
    Returns it, for tests that want to look at "incomplete" (what axe could not decide) themselves.
    """
    axe = Axe(driver)
    axe.inject()
    # Axe.run pastes `options` into the script with "%s", so it must be JSON text: a dict would come out as
    # Python's repr, which breaks on True/False/None.
    results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}}))
    path = next_output_path(name, ".json")
    path.write_text(json.dumps(results, indent=2))
    violations = results["violations"]
    if violations:
        pytest.fail(
            f"axe-core {results['testEngine']['version']} found {len(violations)} WCAG violation(s) on "
            f"{driver.current_url} (report: {path.relative_to(REPO)}):\n{format_violations(violations)}",
            pytrace=False,
        )
    return results


# --- Signing in -------------------------------------------------------------------------------------------------


def hotp(key: bytes, counter: int, digits: int = 6) -> str:
    """RFC 4226: HMAC-SHA1 of the counter, dynamically truncated to `digits` decimal digits."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp(secret_base32: str, at: float | None = None, digits: int = 6, step: int = 30) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s steps) at Unix time `at` (now by default): the code an authenticator app shows.

    The secret is normalised as apps do it: case, spaces and missing "=" padding do not matter.
    """
    secret = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    moment = time.time() if at is None else at
    return hotp(key, int(moment) // step, digits)


_last_step: dict[str, int] = {}


def fresh_totp(secret: str) -> str:
    """A code from a time step not yet used with this secret, waiting for the next step if need be.

    The server refuses a code from a step at or before the last one it accepted (replay protection), so two
    sign-ins as the same user within one 30-second window would otherwise fail.
    """
    step = int(time.time()) // 30
    if step <= _last_step.get(secret, -1):
        time.sleep((_last_step[secret] + 1) * 30 - time.time() + 0.2)
        step = int(time.time()) // 30
    _last_step[secret] = step
    return totp(secret, at=step * 30)


def replaced(element) -> bool:
    """Whether the page holding `element` has gone. Chromium sometimes reports a node of the old page with a
    generic inspector error ("does not belong to the document") instead of a stale reference: both mean gone."""
    try:
        element.is_enabled()
        return False
    except (StaleElementReferenceException, WebDriverException):
        return True


def submit(driver: WebDriver, field) -> None:
    """Clicks the submit button of the form holding `field` and waits for the next page to replace it."""
    form = field.find_element(By.XPATH, "./ancestor::form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit], button:not([type])").click()
    try:
        WebDriverWait(driver, PAGE_TIMEOUT_SECONDS).until(lambda _: replaced(form))
    except TimeoutException:
        pytest.fail(
            f"no new page {PAGE_TIMEOUT_SECONDS} s after submitting the form on {driver.current_url}", pytrace=False
        )


def sign_in(driver: WebDriver, base_url: str, user: DemoUser) -> None:
    """Signs in through the real pages: email and password, then the TOTP code when the server asks for one."""
    driver.get(f"{base_url}/sign-in")
    email = driver.find_element(By.NAME, "email")
    email.clear()
    email.send_keys(user.email)
    driver.find_element(By.NAME, "password").send_keys(user.password)
    submit(driver, email)
    codes = driver.find_elements(By.NAME, "code")
    if codes:
        if user.secret is None:
            pytest.fail(f"{user.email} was asked for a code but has no TOTP secret in the demo table", pytrace=False)
        codes[0].send_keys(fresh_totp(user.secret))
        submit(driver, codes[0])
