"""Issue 4's walk-through in a real browser: a school DSL refers a child, the CME officer triages and assigns an
EWO, the EWO records a failed home visit, the officer posts the child to s2s and later records the destination,
and the 6-week follow-up appears. Every page on the way is checked with axe and photographed."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_accessible, new_chromium, shot, sign_in, submit

CHILD = ("Ottilie", "Quenby")


def fill(driver, values: dict[str, str]) -> None:
    """Types into text inputs and text areas, picks radios by value and selects by value, by field name."""
    for name, value in values.items():
        fields = driver.find_elements(By.NAME, name)
        assert fields, f"no field named {name!r} on {driver.current_url}"
        field = fields[0]
        kind = field.get_attribute("type")
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif kind == "radio":
            driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()
        elif kind == "checkbox":
            if not field.is_selected():
                field.click()
        else:
            field.clear()
            field.send_keys(value)


def page_step(driver, name: str) -> None:
    """Every page of the walk-through: a screenshot, and no WCAG 2.2 A/AA violation."""
    shot(driver, name)
    assert_accessible(driver, name)


def open_action(driver, kind: str):
    """Opens the case page's disclosure for one action and returns its form's first field's container."""
    details = driver.find_element(By.ID, f"action-{kind}")
    details.find_element(By.TAG_NAME, "summary").click()
    return details


def do_action(driver, kind: str, values: dict[str, str], name: str) -> None:
    details = open_action(driver, kind)
    for field_name, value in values.items():
        field = details.find_element(By.NAME, field_name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif field.get_attribute("type") == "radio":
            details.find_element(By.CSS_SELECTOR, f"input[name='{field_name}'][value='{value}']").click()
        else:
            field.send_keys(value)
    shot(driver, f"{name}-form")
    submit(driver, details.find_element(By.NAME, "kind"))
    assert "Saved:" in driver.page_source, f"{kind} was not saved: {driver.find_element(By.TAG_NAME, 'main').text[:500]}"
    page_step(driver, name)


def test_referral_to_follow_up(browser, server):
    base = server.base_url
    forename, surname = CHILD

    # A school DSL makes the referral, step by step.
    dsl = browser
    sign_in(dsl, base, server.user("school_dsl", 0))
    page_step(dsl, "dsl-referrals")
    dsl.get(f"{base}/referrals/new")
    page_step(dsl, "referral-start")
    submit(dsl, dsl.find_element(By.CSS_SELECTOR, "main form button"))
    steps = [
        {
            "child-forename": forename, "child-surname": surname, "child-dateOfBirth-day": "3",
            "child-dateOfBirth-month": "5", "child-dateOfBirth-year": "2013", "child-gender": "F",
        },
        {
            "address-line1": "17 Rope Walk", "address-town": "Ipswich", "address-postcode": "IP4 1LS",
            "carer-name": "Dawn Quenby", "carer-relationship": "mother",
        },
        {
            "dateLastAttended-day": "6", "dateLastAttended-month": "11", "dateLastAttended-year": "2026",
            "firstDayOfAbsence-day": "9", "firstDayOfAbsence-month": "11", "firstDayOfAbsence-year": "2026",
            "reason": "RTL", "child-sen": "none",
        },
        {"indicator-10": "current", "indicator-13": "current"},
        {
            "action-visited_last_known_address-outcome": "No answer; a neighbour saw a removal van",
            "socialCareReferralConsidered": "yes", "parentalConsent": "no",
        },
        {"worriedAbout": "The family left suddenly after a row with a neighbour."},
    ]
    for number, answers in enumerate(steps, start=1):
        assert f"step {number} of 6" in dsl.page_source, dsl.current_url
        fill(dsl, answers)
        page_step(dsl, f"referral-step-{number}")
        submit(dsl, dsl.find_element(By.CSS_SELECTOR, "main form button"))
    assert "Check your answers" in dsl.title
    page_step(dsl, "referral-check")
    submit(dsl, dsl.find_element(By.XPATH, "//button[normalize-space()='Send referral']"))
    assert "Referral sent" in dsl.page_source
    reference = dsl.find_element(By.ID, "reference").text
    assert reference.startswith("REF-")
    page_step(dsl, "referral-sent")
    dsl.get(f"{base}/referrals")
    row = dsl.find_element(By.XPATH, f"//tr[td[contains(., '{reference}')]]")
    assert "Received" in row.text
    referral_url = row.find_element(By.TAG_NAME, "a").get_attribute("href")

    # The CME officer sees it awaiting triage, records reason and source, and assigns an EWO.
    officer = new_chromium()
    ewo = new_chromium()
    try:
        sign_in(officer, base, server.user("cme_officer"))
        page_step(officer, "officer-dashboard")
        link = officer.find_element(By.XPATH, f"//tr[td[contains(., '{forename} {surname}')]]//a")
        link.click()
        assert f"{forename} {surname}" in officer.find_element(By.TAG_NAME, "h1").text
        page_step(officer, "officer-case")
        case_url = officer.current_url
        do_action(officer, "reason_and_source_recorded", {"reason": "RTL", "source": "SCH"}, "officer-triaged")
        details = open_action(officer, "ewo_assigned")
        Select(details.find_element(By.NAME, "assigneeId")).select_by_visible_text("Sam Price (north team)")
        submit(officer, details.find_element(By.NAME, "kind"))
        assert "Owner" in officer.page_source and "Sam Price" in officer.page_source
        page_step(officer, "officer-assigned")

        # The EWO finds the case in their list and records a failed home visit.
        sign_in(ewo, base, server.user("ewo", 0))
        page_step(ewo, "ewo-my-cases")
        ewo.find_element(By.XPATH, f"//tr[td[contains(., '{forename} {surname}')]]//a").click()
        assert "Reasonable enquiries" in ewo.page_source
        do_action(ewo, "home_visit_recorded", {"outcome": "No reply", "note": "Curtains drawn, post on the mat"}, "ewo-visit")
        assert "Outcome: No reply" in ewo.page_source

        # The officer posts the child to s2s, and later records where they went.
        officer.get(case_url)
        do_action(officer, "posted_to_s2s", {"reference": "935LLLL_CTF_XXXXXXX_001.xml"}, "officer-s2s")
        assert "Posted to s2s" in officer.page_source
        do_action(
            officer,
            "destination_confirmed",
            {"outcome": "OLA", "destination": "Norfolk: Sprowston Academy"},
            "officer-destination",
        )
        deadlines = officer.find_element(By.XPATH, "//table[caption[normalize-space()='Deadlines']]").text
        assert "Follow up 6 weeks after the child was found" in deadlines

        # The school sees the new status of its own referral, never the case (issue 16).
        dsl.get(referral_url)
        assert "Being looked into" in dsl.page_source
        assert "Sprowston" not in dsl.page_source
        page_step(dsl, "dsl-referral-status")
    finally:
        officer.quit()
        ewo.quit()


def test_another_school_cannot_open_a_referral_by_its_address(browser, server):
    base = server.base_url
    first = new_chromium()
    try:
        sign_in(first, base, server.user("school_dsl", 0))
        first.get(f"{base}/referrals")
        links = first.find_elements(By.XPATH, "//table[caption[normalize-space()='Sent by your organisation']]//a")
        assert links, "the demo school has referrals"
        address = links[0].get_attribute("href")
    finally:
        first.quit()
    sign_in(browser, base, server.user("school_dsl", 1))
    browser.get(address)
    assert "Page not found" in browser.title
    assert "There is no such referral" in browser.page_source
    page_step(browser, "other-school-refused")


def test_public_report(browser, base_url):
    browser.get(f"{base_url}/report")
    page_step(browser, "report-form")
    fill(
        browser,
        {
            "forename": "Levi", "age": "13", "area": "Lay-by on the A14 near Bury",
            "concern": "A boy of about 13 has been at the site every school day for a month.",
        },
    )
    time.sleep(3.2)  # the form refuses anything sent within 3 seconds of being shown (bots)
    submit(browser, browser.find_element(By.NAME, "forename"))
    assert "Report sent" in browser.page_source
    assert browser.find_element(By.ID, "reference").text.startswith("REF-")
    page_step(browser, "report-sent")


def test_public_report_names_missing_answers(browser, base_url):
    browser.get(f"{base_url}/report")
    time.sleep(3.2)
    submit(browser, browser.find_element(By.NAME, "forename"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "Enter the child's first name" in summary.text
    summary.find_element(By.LINK_TEXT, "Tell us why you think the child is missing education").click()
    assert browser.switch_to.active_element.get_attribute("name") == "concern"
    page_step(browser, "report-errors")
