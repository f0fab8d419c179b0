"""Shared set-up for the browser tests: the server's address, a headless Chromium, page helpers,
and two-step sign-in for the administrator the tests share (team pages need it)."""
import base64
import hashlib
import hmac
import json
import os
import struct
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("PEERCIRCLE_URL", "http://127.0.0.1:8080")
ADMIN = os.environ.get("PEERCIRCLE_ROOM_HOST", "RoomHost")
ADMIN_PASSWORD = os.environ.get("PEERCIRCLE_ROOM_HOST_PASSWORD", "room host password")


def totp(secret_base32, step):
    """RFC 6238's code (SHA-1, 6 digits) for a 30-second step, as an authenticator app computes it."""
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def api(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as reply:
            text = reply.read()
            return json.loads(text) if text else {}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}


# Per account: the authenticator secret, the steps already used (a code is good once), recovery codes.
TWO_STEP = {}


def code_for(pseudonym):
    """The next code an app would give that the server has not seen yet, else a recovery code."""
    entry = TWO_STEP[pseudonym]
    step = int(time.time()) // 30
    for candidate in (step, step + 1):
        if candidate not in entry["used"]:
            entry["used"].add(candidate)
            return totp(entry["secret"], candidate)
    return entry["recovery"].pop()


def enrol_two_step(pseudonym, password):
    """Turns two-step sign-in on over the API, as the account's owner would with an app."""
    token = api("POST", "/api/v1/sessions", {"pseudonym": pseudonym, "password": password}).get("token")
    assert token, "could not sign in as " + pseudonym
    secret = api("POST", "/api/v1/me/two-step", token=token)["secret"]
    TWO_STEP[pseudonym] = {"secret": secret, "used": set(), "recovery": []}
    confirmed = api("POST", "/api/v1/me/two-step/confirm", {"code": code_for(pseudonym), "password": password}, token)
    TWO_STEP[pseudonym]["recovery"] = confirmed["recovery_codes"]


@pytest.fixture(scope="session", autouse=True)
def administrator_two_step():
    """Administrators' pages open only with two-step sign-in on: the shared one sets it up first."""
    enrol_two_step(ADMIN, ADMIN_PASSWORD)


def second_step(driver, pseudonym):
    """On the code page a password leads to (two-step sign-in on): enters the app's code."""
    if driver.find_elements(By.NAME, "challenge") and pseudonym in TWO_STEP:
        fill(driver, "code", code_for(pseudonym))
        submit(driver)


def new_browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser():
    driver = new_browser()
    yield driver
    driver.quit()


def fill(driver, name, value):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def navigate(driver, element):
    """Clicks something that loads a new page, and waits until the new page is there.

    The old page is marked with a script variable; the new one has none. (Waiting for the old
    <html> to go stale races in Chromium: the inspector can report a node from a half-replaced
    document.)"""
    driver.execute_script("window.__peercircleOldPage = true")
    element.click()

    def arrived(d):
        try:
            return d.execute_script("return document.readyState === 'complete' && !window.__peercircleOldPage")
        except WebDriverException:
            return False

    WebDriverWait(driver, 10).until(arrived)


def submit(driver):
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text
