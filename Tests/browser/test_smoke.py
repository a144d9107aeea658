"""Smoke test of the pages every other browser test starts from: the sign-in form and a staff sign-in."""

from selenium.webdriver.common.by import By

from conftest import assert_accessible, shot, sign_in


def test_sign_in_page_is_a_form_with_no_accessibility_violations(browser, base_url):
    browser.get(f"{base_url}/sign-in")
    shot(browser, "sign-in")
    assert "Sign in" in browser.title
    assert browser.find_element(By.NAME, "email").is_displayed()
    assert browser.find_element(By.NAME, "password").get_attribute("type") == "password"
    assert_accessible(browser, "sign-in")


def test_cme_officer_signs_in_with_password_and_code(browser, server):
    sign_in(browser, server.base_url, server.user("cme_officer"))
    shot(browser, "signed-in")
    buttons = browser.find_elements(By.XPATH, "//button[normalize-space()='Sign out']")
    assert buttons, f"no 'Sign out' button on {browser.current_url} ({browser.title!r})"
