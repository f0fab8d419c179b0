"""A member turns on two-step sign-in by reading the key from the page (and the QR code, read back
by an independent decoder), signs out, and signs in again with the app's code."""
import io
import random
import time

import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, submit, totp
from test_first_day import join


def test_member_turns_on_two_step_sign_in_and_signs_in_with_a_code(browser):
    name = "Twostep%05d" % random.randint(0, 99999)
    join(browser, name)
    browser.get(BASE + "/settings/two-step")
    navigate(browser, browser.find_element(By.XPATH, "//button[text()='Set up two-step sign-in']"))
    assert heading(browser) == "Set up two-step sign-in"
    secret = browser.find_element(By.ID, "two-step-secret").text.replace(" ", "")
    assert len(secret) >= 32

    # The QR code, as a phone's camera would see it, holds the same key.
    picture = Image.open(io.BytesIO(browser.find_element(By.CSS_SELECTOR, ".qr svg").screenshot_as_png))
    found = zxingcpp.read_barcodes(picture)
    assert len(found) == 1, "the QR code could not be read"
    assert found[0].text.startswith("otpauth://totp/") and ("secret=" + secret) in found[0].text

    step = int(time.time()) // 30
    fill(browser, "password", "correct horse battery")
    fill(browser, "code", "000000" if totp(secret, step) != "000000" else "111111")
    submit(browser)
    assert browser.find_element(By.ID, "code-error").is_displayed()
    fill(browser, "password", "correct horse battery")
    fill(browser, "code", totp(secret, step))
    submit(browser)
    assert heading(browser) == "Two-step sign-in is on"
    codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(codes) == 10

    # Out, and in again: the password, then the next code.
    browser.execute_script("document.querySelector('form[action=\"/logout\"]').submit()")
    time.sleep(1)
    browser.get(BASE + "/login")
    fill(browser, "pseudonym", name)
    fill(browser, "password", "correct horse battery")
    submit(browser)
    assert heading(browser) == "Two-step sign-in"
    assert not browser.find_elements(By.LINK_TEXT, "Notifications"), "not signed in before the code"
    fill(browser, "code", totp(secret, step + 1))
    submit(browser)
    assert heading(browser) == "Today"
    browser.get(BASE + "/settings/two-step")
    assert "Two-step sign-in is on." in browser.page_source
    browser.get(BASE + "/settings/devices")
    assert "this device" in browser.page_source
    # Named from the browser's own description (headless Chromium on Linux).
    assert "Chrome on Linux" in browser.page_source
