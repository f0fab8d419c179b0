"""A member takes the BARC-10 twice in real headless Chromium and sees the chart with its bands."""
import random

from selenium.webdriver.common.by import By

from conftest import BASE, heading, navigate, submit
from test_first_day import join


def take_barc(driver, answers):
    driver.find_element(By.XPATH, "//nav//summary[text()='Me']").click()
    navigate(driver, driver.find_element(By.LINK_TEXT, "Check-ups"))
    assert heading(driver) == "Check-ups"
    navigate(driver, driver.find_element(By.LINK_TEXT, "Take the BARC-10"))
    assert "Brief Assessment of Recovery Capital" in heading(driver)
    for item, value in enumerate(answers, start=1):
        radio = driver.find_element(By.CSS_SELECTOR, "input[name=q%d][value='%d']" % (item, value))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
        radio.click()
    submit(driver)


def test_member_takes_the_barc10_twice_and_sees_the_chart(browser):
    join(browser, "Capital%05d" % random.randint(0, 99999))
    # A question left out is named, and the answers given stay chosen.
    take_barc(browser, [4] * 9)
    assert "Choose an answer for question 10." in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, "input[name=q1][value='4']").is_selected()
    browser.find_element(By.CSS_SELECTOR, "input[name=q10][value='4']").click()
    submit(browser)
    assert heading(browser) == "Your BARC-10 results"
    assert "Latest: 40 of 60" in browser.page_source

    take_barc(browser, [5] * 10)
    assert "Latest: 50 of 60" in browser.page_source
    assert "10 points higher than last time" in browser.page_source
    chart = browser.find_element(By.CSS_SELECTOR, "figure svg.chart")
    assert chart.get_attribute("role") == "img"
    assert len(chart.find_elements(By.CSS_SELECTOR, "circle.dot")) == 2
    assert chart.find_element(By.TAG_NAME, "desc").get_attribute("textContent").startswith("2 results from")
    labels = [t.get_attribute("textContent") for t in chart.find_elements(By.CSS_SELECTOR, "text")]
    assert "Strong (47–60)" in labels and "Building (10–46)" in labels
    # The chart fits the phone-width window.
    assert chart.size["width"] <= browser.execute_script("return document.documentElement.clientWidth")
