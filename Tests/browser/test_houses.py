"""Sober living, in real headless Chromium: a visitor finds a house with a bed free, a member applies,
the residents vote, and the new resident sees the agreement, the chores board and their balance."""
import datetime
import random

from selenium.webdriver.common.by import By

from conftest import BASE, fill, heading, navigate, new_browser, submit
from test_first_day import join
from test_mentorship import check, log_in


def click(driver, text):
    navigate(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='%s']" % text))


def link(driver, text):
    navigate(driver, driver.find_element(By.XPATH, "//main//a[normalize-space()='%s']" % text))


def test_a_visitor_finds_a_bed_applies_the_residents_vote_and_they_move_in():
    run = "%05d" % random.randint(0, 99999)
    house = "Birch House " + run
    lead_name, residents, applicant_name = "Lead" + run, ["Rowan" + run, "Sage" + run], "Robin" + run
    admin, lead, visitor = new_browser(), new_browser(), new_browser()
    people = {name: new_browser() for name in residents + [applicant_name]}
    try:
        # The operator names a house lead and lists the house with two beds free.
        join(lead, lead_name)
        log_in(admin, "RoomHost", "room host password")
        admin.get(BASE + "/admin/roles")
        fill(admin, "pseudonym", lead_name)
        admin.find_element(By.CSS_SELECTOR, "select[name=role] option[value=house_lead]").click()
        submit(admin)
        admin.get(BASE + "/houses/new")
        for name, value in [("name", house), ("area", "Northside " + run), ("address", "9 Quiet Row, Northside"),
                            ("weekly_cost", "160"), ("beds", "6"), ("vacancies", "2"), ("lead", lead_name)]:
            fill(admin, name, value)
        check(admin, "serves", "everyone")
        admin.find_element(By.CSS_SELECTOR, "select[name=mat] option[value=welcome]").click()
        submit(admin)
        assert heading(admin) == house
        house_url = admin.current_url.split("?")[0]

        # The lead records the two residents, and says residents vote on newcomers.
        for name in residents:
            join(people[name], name)
        lead.get(house_url + "/residents")
        for name in residents:
            fill(lead, "pseudonym", name)
            navigate(lead, lead.find_element(By.XPATH, "//button[text()='Add to the house']"))
        lead.get(house_url + "/agreement")
        check(lead, "admission", "vote")
        fill(lead, "agreement", "We stay sober, share the costs equally and meet every Sunday.")
        click(lead, "Save")
        assert "Residents see the new rules now" in lead.page_source

        # A visitor finds it among houses with a bed free — the area, never the street.
        visitor.get(BASE + "/houses")
        check(visitor, "vacancy", "yes")
        fill(visitor, "area", "Northside " + run)
        click(visitor, "Show houses")
        link(visitor, house)
        assert "2 of 6 beds free" in visitor.page_source and "Quiet Row" not in visitor.page_source

        # A member applies.
        applicant = people[applicant_name]
        join(applicant, applicant_name)
        applicant.get(house_url)
        link(applicant, "Apply to live here")
        # A date field types in the browser's locale; set the value as the form sends it.
        applicant.execute_script("arguments[0].value = arguments[1]", applicant.find_element(By.NAME, "move_in_wanted"),
                                 datetime.date.today().isoformat())
        fill(applicant, "needs", "Sixty days sober, working days, looking for a steady home.")
        submit(applicant)
        assert "Your application is with the house" in applicant.page_source

        # Both residents vote yes: everyone has voted, so the vote ends.
        for name in residents:
            people[name].get(house_url + "/applications")
            link(people[name], applicant_name)
            check(people[name], "vote", "yes")
            click(people[name], "Vote")
            assert "Nobody sees how you voted" in people[name].page_source

        # The applicant sees the outcome, reads the agreement, accepts it and confirms.
        applicant.get(house_url + "/application")
        assert "has offered you a place" in applicant.page_source
        assert "share the costs equally" in applicant.page_source
        check(applicant, "accept", "1")
        click(applicant, "Confirm my move-in")
        assert "Welcome home" in applicant.page_source and "Quiet Row" in applicant.page_source

        # The lead adds a chore and records a bill; the new resident sees the board and their balance.
        lead.get(house_url + "/chores")
        fill(lead, "name", "Kitchen")
        click(lead, "Add to the rotation")
        lead.get(house_url + "/money")
        fill(lead, "what", "Groceries")
        fill(lead, "amount", "90")
        click(lead, "Record and share")
        assert "Recorded and shared" in lead.page_source

        applicant.get(house_url + "/agreement")
        assert heading(applicant) == "Our house: " + house and "You have accepted this version" in applicant.page_source
        link(applicant, "Chores")
        assert heading(applicant) == "Chores at " + house and "Kitchen" in applicant.page_source
        link(applicant, "Money")
        assert "Your share still to pay" in applicant.page_source and "Groceries" in applicant.page_source
    finally:
        for driver in [admin, lead, visitor] + list(people.values()):
            driver.quit()
