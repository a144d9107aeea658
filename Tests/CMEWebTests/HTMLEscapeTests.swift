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
            // Byte for byte: String's == would also accept a differently normalised text.
            #expect(Array(H.escape(text).utf8) == Array(text.utf8))
        }
        // A combining accent on a character that must be escaped keeps both; on a quote, the quote is still escaped
        // (as one character with its accent it would otherwise close the attribute it is in).
        #expect(H.escape("<\u{301}") == "&lt;\u{301}")
        #expect(Array(H.escape("\"\u{301}").utf8) == Array("&quot;\u{301}".utf8))
        #expect(Array(H.escape("'\u{301}").utf8) == Array("&#39;\u{301}".utf8))
        #expect(Array(H.escape("&\u{301}").utf8) == Array("&amp;\u{301}".utf8))
    }
}
