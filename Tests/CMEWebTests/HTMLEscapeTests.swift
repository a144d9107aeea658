import Testing

@testable import CMEWeb

/// What a person typed reaches a page as text, never as markup (every text and attribute value goes through
/// `H.escape`).
@Suite("HTML escaping")
struct HTMLEscapeTests {
    @Test("A name with markup, quotes and an ampersand shows as typed, not as markup")
    func markupIsText() {
        #expect(
            H.escape(#"Zoë O'Brien <script>alert("x")</script> & co"#)
                == "Zoë O&#39;Brien &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"
        )
    }

    @Test("Text with nothing to escape, in any script, comes back unchanged")
    func plainTextUnchanged() {
        for text in ["", "CME-2026-000001", "Nguyễn Thị Ánh", "Ayşe Yılmaz", "محمد", "e\u{301}", "👩‍👧 family"] {
            #expect(H.escape(text) == text)
        }
        // A combining accent on a character that must be escaped keeps both.
        #expect(H.escape("<\u{301}") == "&lt;\u{301}")
    }
}
