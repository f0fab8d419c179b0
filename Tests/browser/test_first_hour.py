"""The first hour on a phone (390 px wide), in real headless Chromium: an SOS with nobody to reach,
a visitor in New York seeing meeting times in their own time, and a newcomer's Today after sign-up."""
import os
import random
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, fill, heading, navigate, new_browser, submit

SHOTS = os.environ.get("SCREENSHOT_DIR", "/tmp")


def phone(zone=None):
    driver = new_browser()
    driver.set_window_size(390, 844)
    if zone:
        driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    return driver


def above_the_fold(driver, element):
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", element)
    return 0 <= top < driver.execute_script("return window.innerHeight")


def join_on_phone(driver, name):
    driver.get(BASE + "/join")
    fill(driver, "pseudonym", name)
    fill(driver, "password", "correct horse battery")
    submit(driver)
    assert heading(driver) == "Today"


def test_sos_with_nobody_to_reach_says_so_and_puts_the_call_first():
    driver = phone()
    try:
        join_on_phone(driver, "Alone%05d" % random.randint(0, 99999))
        navigate(driver, driver.find_element(By.LINK_TEXT, "I need support now"))
        assert "nobody on PeerCircle can be alerted" in driver.page_source
        call = driver.find_element(By.CSS_SELECTOR, "main a[href^='tel:']")
        assert above_the_fold(driver, call), "the emergency call is on the first screen"
        driver.save_screenshot(SHOTS + "/sos-nobody-confirm.png")
        submit(driver)
        assert heading(driver) == "Nobody could be alerted"
        assert "help is on its way" not in driver.page_source.lower()
        call = driver.find_element(By.CSS_SELECTOR, "main a[href^='tel:']")
        assert above_the_fold(driver, call)
        assert driver.find_elements(By.CSS_SELECTOR, "ul.crisis-lines li")
        driver.save_screenshot(SHOTS + "/sos-nobody-alert.png")
        # Still offered later: the page keeps the lines, and says it is still open.
        driver.get(BASE + "/")
        assert "Your call for support is still open" in driver.page_source
    finally:
        driver.quit()


def test_a_visitor_in_new_york_sees_meeting_times_in_their_own_time():
    driver = phone("America/New_York")
    try:
        driver.get(BASE + "/meetings")
        # zone.js tells the server once and the page is drawn again in the visitor's time.
        WebDriverWait(driver, 10).until(lambda d: "New York (America) time" in d.page_source)
        assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-zone") == "America/New_York"
        first = re.search(r'href="(/meetings/[0-9a-f-]{36})"', driver.page_source).group(1)
        driver.save_screenshot(SHOTS + "/meetings-new-york.png")
        driver.get(BASE + first)
        # The feed's meetings are in New York: the time is the visitor's own, with no "local" aside.
        assert "your time" in driver.page_source or "On now" in driver.page_source
        assert "local)" not in driver.page_source
        assert "America/New_York" not in driver.find_element(By.TAG_NAME, "main").text
        # A visitor elsewhere sees the same meeting in their own time.
        other = phone("Europe/Berlin")
        try:
            other.get(BASE + "/meetings")
            WebDriverWait(other, 10).until(lambda d: "Berlin (Europe) time" in d.page_source)
            other.get(BASE + first)
            # "Next: … your time (HH:MM local)" — unless the meeting is on right now.
            assert "local)" in other.page_source or "On now" in other.page_source
        finally:
            other.quit()
    finally:
        driver.quit()


def test_a_newcomers_today_guides_the_first_day():
    driver = phone("Europe/Berlin")
    try:
        driver.get(BASE + "/join")
        # The sign-up form preselects the browser's zone and asks to check it.
        zone = driver.find_element(By.NAME, "time_zone")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.NAME, "time_zone").get_attribute("value") == "Europe/Berlin")
        assert "please check it" in driver.page_source
        fill(driver, "pseudonym", "Newcomer%05d" % random.randint(0, 99999))
        fill(driver, "password", "correct horse battery")
        navigate(driver, driver.find_element(By.XPATH, "//button[text()='Join']"))
        assert heading(driver) == "Today"
        steps = driver.find_element(By.CSS_SELECTOR, "section.first-steps")
        for step in ["Start a clock", "Check in", "Find a meeting tonight", "Read the strategies for cravings", "Set up your circle"]:
            assert step in steps.text
        assert "Check your time zone" not in steps.text
        driver.save_screenshot(SHOTS + "/today-newcomer.png")
        # Three taps and the button: the quick check-in.
        driver.find_element(By.CSS_SELECTOR, ".quick-check-in input[name=mood][value='2']").click()
        driver.find_element(By.CSS_SELECTOR, ".quick-check-in input[name=craving][value='9']").click()
        driver.find_element(By.CSS_SELECTOR, ".quick-check-in input[name=sober][value='yes']").click()
        navigate(driver, driver.find_element(By.XPATH, "//div[@class='quick-check-in']//button[text()='Check in']"))
        # A hard one gets care and something to do.
        assert heading(driver) == "That sounds like a hard day"
        assert driver.find_elements(By.CSS_SELECTOR, "ul.suggestions a[href^='/strategies/']")
        driver.save_screenshot(SHOTS + "/check-in-reply.png")
        driver.get(BASE + "/")
        assert "Check in —" not in driver.find_element(By.CSS_SELECTOR, "section.first-steps").text
        assert "You checked in today" in driver.page_source
    finally:
        driver.quit()


def test_with_a_circle_the_sos_button_is_on_the_first_screen():
    run = "%05d" % random.randint(0, 99999)
    asker, helper = phone(), phone()
    try:
        join_on_phone(asker, "Reach" + run)
        join_on_phone(helper, "Near" + run)
        asker.get(BASE + "/circle")
        fill(asker, "pseudonym", "Near" + run)
        navigate(asker, asker.find_element(By.XPATH, "//button[text()='Invite']"))
        helper.get(BASE + "/circle")
        navigate(helper, helper.find_element(By.XPATH, "//button[text()=\"Yes, I'll be there\"]"))
        # After a check-in that says "not safe", the confirmation keeps its button in view.
        asker.get(BASE + "/sos?after=check-in")
        button = asker.find_element(By.XPATH, "//button[text()='Yes, alert them now']")
        assert above_the_fold(asker, button)
        asker.save_screenshot(SHOTS + "/sos-with-circle.png")
    finally:
        asker.quit()
        helper.quit()
