"""A new member's first day, in real headless Chromium: join, start a clock, check in, see the chart."""
import os
import random

from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, submit


def join(driver, pseudonym):
    driver.get(BASE + "/")
    navigate(driver, driver.find_element(By.LINK_TEXT, "Join"))
    fill(driver, "pseudonym", pseudonym)
    fill(driver, "password", "correct horse battery")
    submit(driver)
    assert heading(driver) == "Today"


def test_member_joins_starts_a_clock_checks_in_and_sees_the_chart(browser):
    join(browser, "Browser%05d" % random.randint(0, 99999))

    navigate(browser, browser.find_element(By.LINK_TEXT, "Start your first clock"))
    fill(browser, "label", "Sober")
    # The date field is a native date input: set it the way the browser submits it.
    browser.execute_script("document.getElementById('started_on').value = arguments[0]", "2026-01-01")
    fill(browser, "daily_cost", "10")
    submit(browser)
    assert heading(browser) == "Sober"
    assert "not spent" in browser.page_source
    assert "Milestones reached" in browser.page_source

    browser.find_element(By.XPATH, "//nav//summary[text()='Me']").click()
    navigate(browser, browser.find_element(By.LINK_TEXT, "Check in"))
    browser.find_element(By.CSS_SELECTOR, "input[name=mood][value='4']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=craving][value='2']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=sober][value='yes']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=triggers][value='stress']").click()
    fill(browser, "gratitude", "A quiet morning")
    submit(browser)

    assert heading(browser) == "Your check-ins"
    assert "Thank you for checking in" in browser.page_source
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) == 2
    assert charts[0].find_elements(By.CSS_SELECTOR, "circle.dot")
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart title").get_attribute("textContent").startswith("Mood")
    browser.save_screenshot(os.environ.get("SCREENSHOT_DIR", "/tmp") + "/history.png")


def test_bad_input_keeps_what_was_typed_and_says_why(browser):
    join(browser, "Careful%05d" % random.randint(0, 99999))
    browser.get(BASE + "/clocks/new")
    fill(browser, "label", "Cards")
    browser.execute_script("document.getElementById('started_on').value = '2999-01-01'")
    submit(browser)
    assert "can't be in the future" in browser.find_element(By.ID, "started_on-error").text
    assert browser.find_element(By.NAME, "label").get_attribute("value") == "Cards"


def test_help_is_one_tap_away_on_every_page(browser):
    for path in ("/", "/login", "/join"):
        browser.get(BASE + path)
        navigate(browser, browser.find_element(By.LINK_TEXT, "Need help now?"))
        assert heading(browser) == "Help right now"
        assert "not a crisis or medical service" in browser.page_source
