"""A newcomer's first day: the administrator adds them, they sign in and set up their security code from the key
the page shows, and land on their own work. Also the code page's error for a wrong code."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_accessible, fresh_totp, shot, sign_in, submit


def test_administrator_adds_an_ewo_who_sets_up_their_code(browser, server):
    base = server.base_url
    sign_in(browser, base, server.user("administrator"))
    browser.get(f"{base}/admin/users")
    browser.find_element(By.NAME, "email").send_keys("new.ewo@demo.cme.test")
    browser.find_element(By.NAME, "name").send_keys("Robin Newman")
    Select(browser.find_element(By.NAME, "role")).select_by_value("ewo")
    browser.find_element(By.NAME, "team").send_keys("south")
    browser.find_element(By.NAME, "password").send_keys("first-day password 1")
    shot(browser, "admin-add-user")
    submit(browser, browser.find_element(By.NAME, "email"))
    assert "Robin Newman can now sign in" in browser.page_source
    assert_accessible(browser, "admin-user-added")

    # The newcomer, in their own browser session.
    browser.delete_all_cookies()
    browser.get(f"{base}/sign-in")
    browser.find_element(By.NAME, "email").send_keys("new.ewo@demo.cme.test")
    browser.find_element(By.NAME, "password").send_keys("first-day password 1")
    submit(browser, browser.find_element(By.NAME, "email"))
    assert "Set up your security code" in browser.title
    shot(browser, "set-up-code")
    assert_accessible(browser, "set-up-code")
    secret = browser.find_element(By.ID, "totp-secret").text
    code = browser.find_element(By.NAME, "code")
    code.send_keys("000000" if fresh_totp(secret) != "000000" else "111111")
    submit(browser, code)
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary"), "a wrong code is named"
    assert_accessible(browser, "set-up-code-error")
    code = browser.find_element(By.NAME, "code")
    code.send_keys(fresh_totp(secret))
    submit(browser, code)
    assert "My cases" in browser.title
    shot(browser, "newcomer-my-cases")


def test_code_page_is_accessible(browser, server):
    user = server.user("auditor")
    browser.get(f"{server.base_url}/sign-in")
    assert_accessible(browser, "sign-in")
    browser.find_element(By.NAME, "email").send_keys(user.email)
    browser.find_element(By.NAME, "password").send_keys("not the password")
    submit(browser, browser.find_element(By.NAME, "email"))
    assert "Enter a correct email address and password" in browser.page_source
    assert browser.title.startswith("Error:")
    assert_accessible(browser, "sign-in-error")
    browser.find_element(By.NAME, "email").clear()
    browser.find_element(By.NAME, "email").send_keys(user.email)
    browser.find_element(By.NAME, "password").send_keys(user.password)
    submit(browser, browser.find_element(By.NAME, "email"))
    assert browser.find_elements(By.NAME, "code")
    shot(browser, "code")
    assert_accessible(browser, "code")
