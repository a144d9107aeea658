"""Every role's pages in a real browser: each opens, shows its menu, and has no WCAG 2.2 A/AA violation."""

import pytest
from selenium.webdriver.common.by import By

from conftest import assert_accessible, shot, sign_in, submit

PAGES = {
    ("team_manager", 0): ["/dashboard", "/team/queue", "/team/caseload", "/team/reviews", "/cases?overdue=true", "/children?name=Oliver+Smith", "/duplicates", "/duplicates?status=merged", "/tracing/lost-pupils", "/tracing/reports", "/reports/termly", "/reports/management/monthly", "/reports/management/open-cases", "/data"],
    ("ewo", 1): ["/my-cases", "/children"],
    ("school_headteacher", 0): ["/referrals", "/notices", "/notices/leaver", "/notices/joiner", "/notices/removal", "/notices/home-education"],
    ("partner_agency", 0): ["/referrals", "/referrals/new"],
    ("administrator", 0): ["/admin/users", "/admin/organisations", "/admin/policy", "/account/password"],
    ("auditor", 0): ["/audit"],
}


@pytest.mark.parametrize("who", list(PAGES), ids=[f"{role}-{index}" for role, index in PAGES])
def test_role_pages_are_accessible(browser, server, who):
    role, index = who
    sign_in(browser, server.base_url, server.user(role, index))
    for path in PAGES[who]:
        browser.get(f"{server.base_url}{path}")
        assert "Page not found" not in browser.title and "do not have access" not in browser.title, path
        assert browser.find_elements(By.XPATH, "//button[normalize-space()='Sign out']"), path
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-").replace("+", "-") or "home"
        shot(browser, name)
        assert_accessible(browser, name)


def test_the_first_case_page_opens_for_the_manager_with_every_section(browser, server):
    sign_in(browser, server.base_url, server.user("team_manager", 0))
    browser.get(f"{server.base_url}/cases")
    browser.find_element(By.CSS_SELECTOR, "main table tbody a").click()
    for heading in ["The child", "Timeline"]:
        assert browser.find_elements(By.XPATH, f"//h2[normalize-space()='{heading}']"), heading
    # Open every action, so that axe judges the forms too.
    for summary in browser.find_elements(By.CSS_SELECTOR, "details.action summary"):
        summary.click()
    shot(browser, "case-all-actions")
    assert_accessible(browser, "case-all-actions")


def test_the_manager_exports_restricts_and_lifts_a_childs_record(browser, server):
    """Issue 16 (UK GDPR Art. 15, 18): the subject access export, and restriction of processing, in a real browser."""
    sign_in(browser, server.base_url, server.user("team_manager", 0))
    browser.get(f"{server.base_url}/cases")
    browser.find_element(By.CSS_SELECTOR, "main table tbody a").click()
    case_url = browser.current_url
    name = browser.find_element(By.TAG_NAME, "h1").text
    # The export: everything held, and who has seen it.
    browser.find_element(By.PARTIAL_LINK_TEXT, "Subject access export").click()
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.XPATH, "//caption[normalize-space()='Who has seen and changed this record']")
    shot(browser, "subject-access")
    assert_accessible(browser, "subject-access")
    # Restricted: the case page asks why before it shows the record.
    browser.get(case_url)
    browser.find_element(By.CSS_SELECTOR, "#action-restriction summary").click()
    reason = browser.find_element(By.ID, "restriction-reason")
    reason.send_keys("The parent contests the record")
    submit(browser, reason)
    assert "This child's record is restricted" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "restricted-asks-why")
    assert_accessible(browser, "restricted-asks-why")
    why = browser.find_element(By.NAME, "accessReason")
    why.send_keys("Checking the contested address")
    submit(browser, why)
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.XPATH, "//h2[normalize-space()='Restricted record']")
    shot(browser, "restricted-case")
    assert_accessible(browser, "restricted-case")
    lift = browser.find_element(By.XPATH, "//button[normalize-space()='Lift the restriction']")
    submit(browser, lift)
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.XPATH, "//h2[normalize-space()='Restricted record']")


def test_the_manager_drills_down_from_a_termly_figure_to_a_case_and_its_category_history(browser, server):
    """Issue 17: a report figure opens onto its cases a page at a time, and a case's timeline shows each change of
    category on its day, in words."""
    sign_in(browser, server.base_url, server.user("team_manager", 0))
    browser.get(f"{server.base_url}/reports/termly")
    figure = browser.find_element(By.XPATH, "//dt[starts-with(normalize-space(), 'Missing education on')]/following-sibling::dd//a")
    count = int(figure.text.split()[0])
    assert count > 0
    figure.click()
    assert "Missing education on" in browser.find_element(By.TAG_NAME, "h1").text
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert 0 < len(rows) <= 50
    shot(browser, "termly-drill-down")
    assert_accessible(browser, "termly-drill-down")
    rows[0].find_element(By.CSS_SELECTOR, "a").click()
    categories = browser.find_elements(By.CSS_SELECTOR, "li.timeline__category .timeline__title")
    assert categories and categories[0].text.startswith("Category: CME")
    shot(browser, "case-category-history")
    assert_accessible(browser, "case-category-history")


def test_the_manager_compares_two_children_found_by_search_merges_them_and_undoes_it(browser, server):
    """Issue 18: two records found by search compared side by side, merged, listed, and the merge undone."""
    sign_in(browser, server.base_url, server.user("team_manager", 0))
    browser.get(f"{server.base_url}/children?name=Smith")
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name='child'][type='checkbox']")
    assert len(boxes) >= 2, "the demo has two Smiths to compare"
    shot(browser, "children-compare-ticks")
    assert_accessible(browser, "children-compare-ticks")
    boxes[0].click()
    boxes[1].click()
    submit(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Compare the two children ticked']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Compare two children"
    assert browser.find_elements(By.XPATH, "//table//*[normalize-space()='Date of birth']")
    shot(browser, "children-compare")
    assert_accessible(browser, "children-compare")
    # Every demo Smith has an open case: the page says what a merge does to them (Suffolk 9.5, one case a child).
    assert "Both records have an open case" in browser.find_element(By.TAG_NAME, "main").text
    cases = [link.get_attribute("href") for link in browser.find_elements(By.CSS_SELECTOR, "main table a[href*='/cases/']")]
    assert len(cases) == 2, cases
    browser.find_element(By.CSS_SELECTOR, "input[name='keep']").click()
    submit(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Merge the two records']"))
    assert "The two records are now one" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "duplicates-merged")
    assert_accessible(browser, "duplicates-merged")
    # One case carries on with both timelines; the other says where the work goes on now.
    pages = {}
    for href in cases:
        browser.get(href)
        pages[href] = browser.find_element(By.TAG_NAME, "main").text
    joined = [href for href, text in pages.items() if "This case was joined into" in text]
    assert len(joined) == 1, pages
    kept = [href for href in cases if href not in joined][0]
    assert "joined into this case when two records of the child were merged" in pages[kept]
    browser.get(joined[0])
    shot(browser, "case-joined")
    assert_accessible(browser, "case-joined")
    browser.get(f"{server.base_url}/duplicates?status=merged")
    submit(browser, browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Undo the merge of')]"))
    assert "The merge was undone" in browser.find_element(By.TAG_NAME, "main").text
    assert "Different children" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(joined[0])
    assert "This case was joined into" not in browser.find_element(By.TAG_NAME, "main").text
