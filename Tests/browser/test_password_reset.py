"""Forgot your password: ask by pseudonym, open the emailed link, choose a new password, log in with it.
The email is read from the outbox table the operator's relay sends from (the server's SQLite file)."""
import os
import random
import sqlite3

import pytest
from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, submit

DATABASE = os.environ.get("PEERCIRCLE_BROWSER_DB")


@pytest.mark.skipif(not DATABASE, reason="needs PEERCIRCLE_BROWSER_DB, the server's SQLite file (.ci/run sets it)")
def test_forgotten_password_by_emailed_link(browser):
    name = "Forgetful%05d" % random.randint(0, 99999)
    browser.get(BASE + "/join")
    fill(browser, "pseudonym", name)
    fill(browser, "password", "correct horse battery")
    fill(browser, "email", name.lower() + "@example.org")
    submit(browser)
    browser.delete_all_cookies()

    browser.get(BASE + "/login")
    navigate(browser, browser.find_element(By.LINK_TEXT, "Forgot your password?"))
    fill(browser, "account", name.upper())
    submit(browser)
    assert heading(browser) == "Check your email"

    row = sqlite3.connect(DATABASE).execute(
        "SELECT body FROM email_outbox WHERE \"to\" = ? ORDER BY created_at DESC", (name.lower() + "@example.org",)).fetchone()
    link = next(line for line in row[0].splitlines() if "/reset-password/" in line)
    browser.get(BASE + link[link.index("/reset-password/"):])
    assert heading(browser) == "Choose a new password"
    fill(browser, "password", "a new horse battery")
    submit(browser)
    assert "Your new password is set" in browser.page_source

    fill(browser, "pseudonym", name)
    fill(browser, "password", "a new horse battery")
    submit(browser)
    assert heading(browser) == "Today"
