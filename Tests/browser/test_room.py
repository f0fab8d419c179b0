"""Two people in one live room, each in their own headless Chromium: one raises a hand, the
facilitator gives the floor, and a message from one appears in the other's window."""
import os
import random
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, fill, navigate, new_browser, second_step, submit

HOST = os.environ.get("PEERCIRCLE_ROOM_HOST", "RoomHost")
HOST_PASSWORD = os.environ.get("PEERCIRCLE_ROOM_HOST_PASSWORD", "room host password")


@pytest.fixture
def two_browsers():
    first, second = new_browser(), new_browser()
    yield first, second
    first.quit()
    second.quit()


def wait_for(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(lambda d: condition(d))


def enter_room(driver, name):
    fill(driver, "display_name", name)
    driver.find_element(By.CSS_SELECTOR, "#enter button").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "live").is_displayed())


def test_hand_floor_and_message_between_two_browsers(two_browsers):
    host, member = two_browsers
    # The facilitator (an administrator made by .ci/run) opens the first meeting's room.
    host.get(BASE + "/login")
    fill(host, "pseudonym", HOST)
    fill(host, "password", HOST_PASSWORD)
    submit(host)
    second_step(host, HOST)
    host.get(BASE + "/meetings")
    meeting = re.search(r'href="(/meetings/[0-9a-f-]{36})"', host.page_source).group(1)
    host.get(BASE + meeting + "/room")
    if "Open the room" in host.page_source:
        navigate(host, host.find_element(By.XPATH, "//button[text()='Open the room']"))
    enter_room(host, "Facilitator")

    member.get(BASE + "/join")
    fill(member, "pseudonym", "Guest%05d" % random.randint(0, 99999))
    fill(member, "password", "correct horse battery")
    submit(member)
    member.get(BASE + meeting + "/room")
    sam_name = "Sam%04d" % random.randint(0, 9999)
    enter_room(member, sam_name)

    member.find_element(By.ID, "raise").click()
    wait_for(host, lambda d: sam_name in d.find_element(By.ID, "queue").text)
    sam = wait_for(host, lambda d: [li for li in d.find_elements(By.CSS_SELECTOR, "#people li") if li.text.startswith(sam_name)])
    # The facilitator's actions for each person sit in a menu.
    sam[0].find_element(By.TAG_NAME, "summary").click()
    sam[0].find_element(By.XPATH, ".//button[text()='Give the floor']").click()
    wait_for(member, lambda d: "It's your turn to share" in d.find_element(By.ID, "floor").text)
    wait_for(host, lambda d: sam_name + " has the floor" in d.find_element(By.ID, "floor").text)
    member.save_screenshot(os.environ.get("SCREENSHOT_DIR", "/tmp") + "/room-your-turn.png")
    wait_for(host, lambda d: sam_name not in d.find_element(By.ID, "queue").text)

    fill(member, "message", "Thank you all for being here")
    member.find_element(By.CSS_SELECTOR, "#say button").click()
    wait_for(host, lambda d: sam_name + ": Thank you all for being here" in d.find_element(By.ID, "messages").text)
    host.save_screenshot(os.environ.get("SCREENSHOT_DIR", "/tmp") + "/room.png")

    # Words the screen worries about: the author is asked gently first, keeps their words, and can send anyway.
    fill(member, "message", "I won't be around much longer")
    member.find_element(By.CSS_SELECTOR, "#say button").click()
    wait_for(member, lambda d: d.find_element(By.ID, "care").is_displayed())
    assert "really hard right now" in member.find_element(By.ID, "care").text
    member.save_screenshot(os.environ.get("SCREENSHOT_DIR", "/tmp") + "/room-care.png")
    assert "much longer" not in host.find_element(By.ID, "messages").text
    member.find_element(By.ID, "care-edit").click()
    assert member.find_element(By.ID, "message").get_attribute("value") == "I won't be around much longer"
    member.find_element(By.CSS_SELECTOR, "#say button").click()
    wait_for(member, lambda d: d.find_element(By.ID, "care").is_displayed())
    member.find_element(By.ID, "care-send").click()
    wait_for(host, lambda d: sam_name + ": I won't be around much longer" in d.find_element(By.ID, "messages").text)
    assert not member.find_element(By.ID, "care").is_displayed()

    # Removing someone asks first; saying no leaves them in the room.
    sam = wait_for(host, lambda d: [li for li in d.find_elements(By.CSS_SELECTOR, "#people li") if sam_name in li.text])
    sam[0].find_element(By.TAG_NAME, "summary").click()
    sam[0].find_element(By.XPATH, ".//button[text()='Remove']").click()
    confirm = host.switch_to.alert
    assert sam_name in confirm.text
    confirm.dismiss()
    time.sleep(0.5)
    assert "asked you to leave" not in member.find_element(By.ID, "status").text
