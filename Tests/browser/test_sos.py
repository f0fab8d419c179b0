"""SOS → a circle member sees it live on an open page and says "I'm here", in real headless Chromium."""
import random

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, fill, heading, navigate, new_browser, submit
from test_first_day import join


def test_sos_reaches_a_circle_member_who_answers():
    run = "%05d" % random.randint(0, 99999)
    asker_name, helper_name = "Asker" + run, "Helper" + run
    asker, helper = new_browser(), new_browser()
    try:
        join(asker, asker_name)
        join(helper, helper_name)

        asker.get(BASE + "/circle")
        fill(asker, "pseudonym", helper_name)
        submit(asker)
        helper.get(BASE + "/circle")
        navigate(helper, helper.find_element(By.XPATH, "//button[text()=\"Yes, I'll be there\"]"))
        assert asker_name in helper.page_source

        # The helper is somewhere else on the site, with the page open.
        helper.get(BASE + "/meetings")
        WebDriverWait(helper, 10).until(lambda d: d.find_element(By.ID, "live-notices").get_attribute("data-live") == "open")

        navigate(asker, asker.find_element(By.LINK_TEXT, "I need support now"))
        assert heading(asker) == "I need support now"
        asker.find_element(By.CSS_SELECTOR, "input[name=need][value=craving]").click()
        fill(asker, "message", "Outside the liquor store")
        submit(asker)
        assert heading(asker) == "You asked for support"
        assert helper_name + " in your circle was alerted at" in asker.page_source  # exactly who, and when
        assert "988" in asker.page_source  # crisis lines at once

        alert = WebDriverWait(helper, 5).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".live-alert")))
        assert "Someone in your circle asked for support." in alert.text
        helper.save_screenshot("/tmp/sos-live.png")
        navigate(helper, alert.find_element(By.LINK_TEXT, "Open"))
        assert "Outside the liquor store" in helper.page_source
        navigate(helper, helper.find_element(By.XPATH, "//button[text()=\"I'm here\"]"))
        assert heading(helper) == "With " + asker_name

        asker.refresh()
        assert helper_name + " is here for you." in asker.page_source
    finally:
        asker.quit()
        helper.quit()
