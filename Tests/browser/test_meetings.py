"""Meetings against a real server with an imported feed: the directory in Chromium, and the
private calendar parsed back with the `icalendar` package."""
import json
import random
import urllib.request

import icalendar
from selenium.webdriver.common.by import By

from conftest import BASE, heading, navigate


def call(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
        return json.loads(text) if text and response.headers.get_content_type() == "application/json" else text


def test_directory_lists_imported_meetings_and_opens_one(browser):
    browser.get(BASE + "/meetings")
    assert heading(browser) == "Find a meeting"
    links = browser.find_elements(By.CSS_SELECTOR, "ul.meetings a")
    assert len(links) > 10
    name = links[0].text
    navigate(browser, links[0])
    assert heading(browser) == name
    assert "All meetings" in browser.page_source


def test_my_meetings_calendar_parses_as_icalendar():
    session = call("POST", "/api/v1/accounts", {"pseudonym": "Cal%05d" % random.randint(0, 99999), "password": "correct horse"})
    token = session["token"]
    meetings = call("GET", "/api/v1/meetings")["meetings"]
    chosen = {m["id"]: m for m in meetings}
    chosen = list(chosen.values())[:3]
    for meeting in chosen:
        call("PUT", "/api/v1/me/meetings/" + meeting["id"], token=token)
    link = call("POST", "/api/v1/me/calendar-link", token=token)["url"]
    with urllib.request.urlopen(link) as response:
        assert response.headers.get_content_type() == "text/calendar"
        calendar = icalendar.Calendar.from_ical(response.read())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(m["name"] for m in chosen)
    zones = {str(z["TZID"]) for z in calendar.walk() if z.name == "VTIMEZONE"}
    for event in events:
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        assert event["DTSTART"].params["TZID"] in zones
