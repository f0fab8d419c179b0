"""Shared set-up for the browser tests: the server's address, a headless Chromium, page helpers."""
import os

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("PEERCIRCLE_URL", "http://127.0.0.1:8080")


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
