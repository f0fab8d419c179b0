"""Every page fits a 360-pixel phone screen: nothing makes the page scroll sideways (long links wrap,
wide tables scroll inside themselves, closed menus take no room)."""
import os
import re

from conftest import BASE, fill, second_step, submit

HOST = os.environ.get("PEERCIRCLE_ROOM_HOST", "RoomHost")
HOST_PASSWORD = os.environ.get("PEERCIRCLE_ROOM_HOST_PASSWORD", "room host password")


def too_wide(driver, paths):
    wide = []
    for path in paths:
        driver.get(BASE + path)
        scroll, client = driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append("%s (%d > %d)" % (path, scroll, client))
    return wide


def test_pages_fit_a_phone(browser):
    browser.set_window_size(360, 800)
    browser.get(BASE + "/meetings")
    meeting = re.search(r'href="(/meetings/[0-9a-f-]{36})"', browser.page_source).group(1)
    visitor = ["/", "/meetings", "/meetings?page=2", meeting, meeting + "/room", "/login", "/join", "/crisis",
               "/forgot-password", "/code-of-conduct"]
    assert too_wide(browser, visitor) == []

    browser.get(BASE + "/login")
    fill(browser, "pseudonym", HOST)
    fill(browser, "password", HOST_PASSWORD)
    submit(browser)
    second_step(browser, HOST)
    member = ["/", "/check-in", "/check-ins", "/clocks/new", "/mentors", "/my/stage", "/my/plan", "/messages",
              "/community", "/strategies", "/search?q=meeting", "/circle", "/sos", "/settings", "/groups",
              "/my/meetings", "/my/attendance", "/moderation", "/moderation/crisis", "/admin/roles",
              "/admin/audit-log", "/admin/safety", "/admin/meetings/import", "/responders", "/admin/starter",
              "/my/plan/edit?sample=1", "/strategies?situation=craving", "/notifications", "/settings/notifications",
              "/settings/two-step", "/settings/devices"]
    assert too_wide(browser, member) == []
