import CMECore
import Plot
import Vapor

/// One page: its title, what it shows, and the signed-in user (for the menu). Rendered inside the site layout.
struct Page {
    var title: String
    var content: [Markup]
    /// Prefixes the title with "Error:" (GOV.UK: a form with errors says so in the browser tab).
    var hasErrors: Bool = false
    var status: HTTPResponseStatus = .ok
    /// A link back, shown above the heading.
    var back: (String, String)?

    init(_ title: String, hasErrors: Bool = false, back: (String, String)? = nil, _ content: [Markup]) {
        self.title = title
        self.content = content
        self.hasErrors = hasErrors
        self.back = back
    }

    /// The HTML document for `request`'s user.
    func render(for request: Request) -> Response {
        let user = request.webUser
        let authority = request.application.cme.service.policy.localAuthority
        let document = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: (self.hasErrors ? "Error: " : "") + self.title + " – CME Tracker"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.href)),
                // No icon: an empty one stops browsers asking for /favicon.ico on every page.
                .link(.rel(.icon), .href("data:,"))
            ),
            .body(
                H.link("Skip to main content", "#main", [("class", "skip-link")]),
                Self.header(user: user, authority: authority),
                H.tag(
                    "div",
                    [("class", "width-container")],
                    [
                        self.back.map { H.link($0.0, $0.1, [("class", "back-link")]) } ?? .empty,
                        H.tag("main", [("class", "main"), ("id", "main")], self.content),
                    ]
                ),
                H.tag(
                    "footer",
                    [("class", "footer")],
                    [
                        H.tag(
                            "div",
                            [("class", "width-container")],
                            [
                                H.p(
                                    "CME Tracker for \(authority). Children's records are confidential: every view and change is recorded."
                                )
                            ]
                        )
                    ]
                )
            )
        )
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: self.status, headers: headers, body: .init(string: document.render()))
    }

    /// The page as a file of its own, for `cme report ... --format html`: the stylesheet inside it, no menu.
    func standalone(authority: String) -> String {
        let document = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", text: self.title + " – CME Tracker, " + authority),
                .element(named: "style", nodes: [.raw(Stylesheet.text)])
            ),
            .body(
                H.tag(
                    "div",
                    [("class", "width-container")],
                    [
                        H.tag("p", [("class", "header__authority")], text: "CME Tracker – \(authority)"),
                        H.tag("main", [("class", "main"), ("id", "main")], self.content),
                    ]
                )
            )
        )
        return document.render()
    }

    static func header(user: WebUser?, authority: String) -> Markup {
        var right: [Markup] = []
        if let user {
            right = [
                H.tag(
                    "p",
                    [("class", "header__user")],
                    [H.text("\(user.user.displayName), \(user.role.label)")]
                ),
                H.link("Change password", SiteURL.password.href, [("class", "header__link")]),
                UI.form(action: SiteURL.signOut.href, csrf: user.csrf, [UI.button("Sign out", secondary: true)]),
            ]
        }
        let items = user.map { Self.menu(for: $0.role) } ?? []
        return H.tag(
            "header",
            [("class", "header")],
            [
                H.tag(
                    "div",
                    [("class", "width-container header__container")],
                    [
                        H.tag(
                            "div",
                            [("class", "header__brand")],
                            [
                                H.link("CME Tracker", SiteURL.home.href, [("class", "header__name")]),
                                H.tag("span", [("class", "header__authority")], text: authority),
                            ]
                        ),
                        H.tag("div", [("class", "header__account")], right),
                    ]
                ),
                items.isEmpty
                    ? .empty
                    : H.tag(
                        "nav",
                        [("class", "service-nav"), ("aria-label", "Menu")],
                        [
                            H.tag(
                                "ul",
                                [("class", "width-container service-nav__list")],
                                items.map { H.tag("li", [], [H.link($0.0, $0.1.href)]) }
                            )
                        ]
                    ),
            ]
        )
    }

    /// Each role's menu: the pages of its job.
    static func menu(for role: Role) -> [(String, SiteURL)] {
        switch role {
        case .cmeOfficer:
            [
                ("Dashboard", .dashboard), ("Cases", .cases), ("Children", .children),
                ("Possible duplicates", .duplicates), ("Lost-pupil search", .tracing),
                ("Children nobody has", .tracingReports), ("Data feeds", .data),
                ("Reports", .managementReport("monthly")),
            ]
        case .teamManager:
            [
                ("Dashboard", .dashboard), ("Assignment queue", .teamQueue), ("Team caseload", .teamCaseload),
                ("Reviews", .teamReviews), ("Cases", .cases), ("Children", .children),
                ("Possible duplicates", .duplicates), ("Lost-pupil search", .tracing),
                ("Children nobody has", .tracingReports), ("Data feeds", .data),
                ("Reports", .managementReport("monthly")),
            ]
        case .ewo:
            [("My cases", .myCases), ("Children", .children)]
        case .schoolHeadteacher, .schoolDSL, .schoolAttendance:
            [("Referrals", .referrals), ("Make a referral", .referralStart), ("Send a notice", .notices)]
        case .apProvider, .partnerAgency, .otherLA:
            [("Referrals", .referrals), ("Make a referral", .referralStart)]
        case .administrator:
            [("Users", .adminUsers), ("Organisations", .adminOrganisations), ("Policy", .adminPolicy)]
        case .auditor:
            [("Audit trail", .audit)]
        case .publicReporter:
            []
        }
    }
}
