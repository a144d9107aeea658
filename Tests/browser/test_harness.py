"""The suite's own helpers, checked without a browser or a server: a wrong TOTP or parser fails every sign-in."""

import pytest

from conftest import DemoOutputError, parse_demo_output, totp

# RFC 6238 Appendix B: the SHA-1 key is the ASCII "12345678901234567890"; the 8-digit codes end in our 6 digits.
RFC_6238_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_totp_matches_rfc_6238(at, code):
    assert totp(RFC_6238_SECRET, at=at, digits=8) == code
    assert totp(RFC_6238_SECRET, at=at) == code[-6:]


def test_totp_accepts_secrets_as_apps_take_them():
    assert totp(RFC_6238_SECRET.lower(), at=59) == "287082"
    assert totp("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", at=59) == "287082"


DEMO_OUTPUT = """Demo data loaded: 200 cases.
Sign in at http://127.0.0.1:8080/sign-in. Every demo user's password is: s3cret pass
  ROLE                 EMAIL                                  TOTP SECRET (staff)        API TOKEN
  cme_officer          officer@demo.cme.test                  JBSWY3DPEHPK3PXPJBSWY3DP   cme_xxx
  school_dsl           dsl@castlehill.demo.cme.test           -                          cme_yyy
  school_dsl           dsl@westbourne.demo.cme.test           -                          cme_zzz
Staff enter a 6-digit code from an authenticator app holding their TOTP secret.
"""


def test_demo_table_is_read_by_role_in_order():
    users = parse_demo_output(DEMO_OUTPUT)
    assert list(users) == ["cme_officer", "school_dsl"]
    officer = users["cme_officer"][0]
    assert (officer.email, officer.password, officer.secret, officer.token) == (
        "officer@demo.cme.test",
        "s3cret pass",
        "JBSWY3DPEHPK3PXPJBSWY3DP",
        "cme_xxx",
    )
    assert [user.email for user in users["school_dsl"]] == [
        "dsl@castlehill.demo.cme.test",
        "dsl@westbourne.demo.cme.test",
    ]
    assert users["school_dsl"][0].secret is None


def test_output_without_the_table_fails_showing_what_was_printed():
    with pytest.raises(DemoOutputError, match=r"(?s)no header line.*Demo data loaded: 200 cases"):
        parse_demo_output("Demo data loaded: 200 cases.\nEvery demo user's password is: x\n")
