"""Find a mentor → request → accept → message, in real headless Chromium, with three people."""
import random

from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, new_browser, second_step, submit
from test_first_day import join


def log_in(driver, pseudonym, password):
    driver.get(BASE + "/login")
    fill(driver, "pseudonym", pseudonym)
    fill(driver, "password", password)
    submit(driver)
    second_step(driver, pseudonym)


def check(driver, name, value):
    box = driver.find_element(By.CSS_SELECTOR, "input[name=%s][value='%s']" % (name, value))
    if not box.is_selected():
        box.click()


def send(driver):
    navigate(driver, driver.find_element(By.XPATH, "//button[text()='Send']"))


def test_member_finds_a_mentor_asks_and_they_talk():
    run = "%05d" % random.randint(0, 99999)
    mentor_name, seeker_name = "Guide" + run, "Seeker" + run
    mentor, admin, seeker = new_browser(), new_browser(), new_browser()
    try:
        join(mentor, mentor_name)

        # The operator gives the mentor role.
        log_in(admin, "RoomHost", "room host password")
        admin.find_element(By.XPATH, "//nav//summary[text()='Team']").click()
        navigate(admin, admin.find_element(By.LINK_TEXT, "Roles"))
        fill(admin, "pseudonym", mentor_name)
        admin.find_element(By.CSS_SELECTOR, "select[name=role] option[value=mentor]").click()
        submit(admin)
        assert "%s: Mentor" % mentor_name in admin.page_source

        # The mentor publishes a profile.
        mentor.get(BASE + "/my/mentor-profile")
        assert heading(mentor) == "Your mentor profile"
        check(mentor, "experiences", "alcohol")
        check(mentor, "pathways", "smart_recovery")
        check(mentor, "availability", "mon-evening")
        check(mentor, "availability", "thu-evening")
        mentor.find_element(By.CSS_SELECTOR, "select[name=recovery_range] option[value='2_5']").click()
        fill(mentor, "story", "Two years sober with SMART. Evenings are good.")
        submit(mentor)
        assert "Your mentor profile is saved" in mentor.page_source

        # A member looks for a mentor and sees why this one is suggested.
        join(seeker, seeker_name)
        navigate(seeker, seeker.find_element(By.LINK_TEXT, "Mentorship"))
        navigate(seeker, seeker.find_element(By.LINK_TEXT, "Find a mentor"))
        check(seeker, "experiences", "alcohol")
        check(seeker, "pathways", "smart_recovery")
        check(seeker, "availability", "mon-evening")
        navigate(seeker, seeker.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "shares: alcohol, SMART Recovery" in seeker.page_source
        assert "overlaps your evenings" in seeker.page_source
        seeker.save_screenshot("/tmp/mentor-suggestions.png")
        navigate(seeker, seeker.find_element(By.LINK_TEXT, mentor_name))
        assert heading(seeker) == mentor_name
        fill(seeker, "message", "Weekends are hard for me. Could you help?")
        submit(seeker)
        assert "Your request is sent" in seeker.page_source

        # The mentor says yes and writes first.
        mentor.get(BASE + "/mentorships")
        assert "Weekends are hard for me" in mentor.page_source
        navigate(mentor, mentor.find_element(By.XPATH, "//button[text()='Say yes']"))
        assert heading(mentor) == "Mentoring " + seeker_name
        fill(mentor, "body", "Glad you asked. How was today?")
        send(mentor)
        assert "Glad you asked" in mentor.page_source

        # The member sees it in their shared space and answers.
        seeker.get(BASE + "/")
        navigate(seeker, seeker.find_element(By.PARTIAL_LINK_TEXT, "unread message"))
        navigate(seeker, seeker.find_element(By.LINK_TEXT, mentor_name))
        assert "Glad you asked. How was today?" in seeker.page_source
        seeker.get(BASE + "/mentorships")
        navigate(seeker, seeker.find_element(By.PARTIAL_LINK_TEXT, "your mentor"))
        fill(seeker, "body", "Better now. Thank you.")
        send(seeker)
        seeker.save_screenshot("/tmp/mentor-pair.png")
        mentor.refresh()
        assert "Better now. Thank you." in mentor.page_source
    finally:
        for driver in (mentor, admin, seeker):
            driver.quit()
