extension Address {
    /// The postcode district an address feeds into reports and charts ("IP4"): none for a restricted address, which
    /// feeds nothing derived, not even its area, for anyone (Cromford 8.0; issue 16).
    public var reportableArea: String? {
        Self.reportableArea(postcode: self.postcode, restricted: self.restricted)
    }

    /// The same, from a stored address's postcode and restriction.
    public static func reportableArea(postcode: String?, restricted: Bool) -> String? {
        guard !restricted, let postcode,
            let district = postcode.uppercased().split(separator: " ").first
        else { return nil }
        return String(district)
    }
}
