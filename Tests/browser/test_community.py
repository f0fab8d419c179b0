"""Post → flag → hidden → a moderator restores it, in real headless Chromium."""
import random

from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, new_browser, submit
from test_first_day import join
from test_mentorship import log_in


def flag(driver, thread_url, reason):
    driver.get(thread_url)
    navigate(driver, driver.find_element(By.LINK_TEXT, "Flag"))
    driver.find_element(By.CSS_SELECTOR, "input[name=reason][value=%s]" % reason).click()
    submit(driver)
    assert "A moderator will look at it" in driver.page_source


def test_a_flagged_post_is_hidden_and_a_moderator_restores_it():
    run = "%05d" % random.randint(0, 99999)
    author, reader, moderator = new_browser(), new_browser(), new_browser()
    try:
        join(author, "Poster" + run)
        navigate(author, author.find_element(By.LINK_TEXT, "Community"))
        navigate(author, author.find_element(By.LINK_TEXT, "Daily Wins"))
        navigate(author, author.find_element(By.LINK_TEXT, "Start a thread"))
        title = "Ninety days " + run
        fill(author, "title", title)
        fill(author, "body", "Ninety days today. **Never** thought I'd see it.")
        submit(author)
        assert heading(author) == title
        assert "<strong>Never</strong>" in author.page_source
        thread_url = author.current_url.split("?")[0]

        # A new member's flag counts for less: the post stays up.
        join(reader, "Reader" + run)
        flag(reader, thread_url, "spam")
        reader.get(thread_url)
        assert heading(reader) == title

        # A moderator's flag hides it at once.
        log_in(moderator, "RoomHost", "room host password")
        flag(moderator, thread_url, "off_topic")
        reader.get(thread_url)
        assert heading(reader) == "Not found" and "Ninety days today" not in reader.page_source
        author.get(thread_url)
        assert "Only you and the moderators can see this post" in author.page_source

        # The moderator reviews it and restores it, with a reason the author receives.
        moderator.get(BASE + "/moderation")
        assert "<strong>Never</strong> thought" in moderator.page_source
        card = moderator.find_element(By.XPATH, "//li[contains(@class,'card')][.//strong[text()='%s']]" % title)
        card.find_element(By.CSS_SELECTOR, "select[name=action] option[value=restore]").click()
        card.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("A celebration, not off-topic. Congratulations!")
        navigate(moderator, card.find_element(By.XPATH, ".//button[text()='Decide']"))
        assert "The member has been told" in moderator.page_source
        moderator.save_screenshot("/tmp/moderation.png")

        reader.get(thread_url)
        assert heading(reader) == title
        author.get(BASE + "/my/notices")
        assert "A celebration, not off-topic" in author.page_source
    finally:
        for driver in (author, reader, moderator):
            driver.quit()
