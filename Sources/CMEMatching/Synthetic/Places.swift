// Where synthetic families live: English postcode areas with their main towns and a rough number of districts, and
// the parts street names are made of.

enum Places {
    struct Area: Sendable {
        var code: String
        var town: String
        var districts: Int
    }

    static let areas: [Area] = [
        Area(code: "B", town: "Birmingham", districts: 40), Area(code: "BD", town: "Bradford", districts: 24),
        Area(code: "M", town: "Manchester", districts: 35), Area(code: "OL", town: "Oldham", districts: 16),
        Area(code: "LU", town: "Luton", districts: 7), Area(code: "BB", town: "Blackburn", districts: 12),
        Area(code: "L", town: "Liverpool", districts: 38), Area(code: "LS", town: "Leeds", districts: 29),
        Area(code: "E", town: "London", districts: 20), Area(code: "SL", town: "Slough", districts: 9),
        Area(code: "N", town: "London", districts: 22), Area(code: "NW", town: "London", districts: 11),
        Area(code: "SE", town: "London", districts: 28), Area(code: "SW", town: "London", districts: 20),
        Area(code: "W", town: "London", districts: 14), Area(code: "LE", town: "Leicester", districts: 19),
        Area(code: "HA", town: "Harrow", districts: 9), Area(code: "UB", town: "Southall", districts: 11),
        Area(code: "TW", town: "Twickenham", districts: 20), Area(code: "WV", town: "Wolverhampton", districts: 16),
        Area(code: "CV", town: "Coventry", districts: 13), Area(code: "IG", town: "Ilford", districts: 11),
        Area(code: "CR", town: "Croydon", districts: 9), Area(code: "RM", town: "Romford", districts: 20),
        Area(code: "NN", town: "Northampton", districts: 18), Area(code: "MK", town: "Milton Keynes", districts: 19),
        Area(code: "BS", town: "Bristol", districts: 41), Area(code: "S", town: "Sheffield", districts: 45),
        Area(code: "NG", town: "Nottingham", districts: 34), Area(code: "PE", town: "Peterborough", districts: 38),
        Area(code: "CO", town: "Colchester", districts: 16), Area(code: "IP", town: "Ipswich", districts: 33),
        Area(code: "NE", town: "Newcastle upon Tyne", districts: 49),
        Area(code: "SO", town: "Southampton", districts: 53),
        Area(code: "CB", town: "Cambridge", districts: 11), Area(code: "DA", town: "Dartford", districts: 18),
        Area(code: "ME", town: "Rochester", districts: 20), Area(code: "TN", town: "Tonbridge", districts: 40),
        Area(code: "NR", town: "Norwich", districts: 35), Area(code: "SS", town: "Southend-on-Sea", districts: 17),
        Area(code: "BN", town: "Brighton", districts: 45), Area(code: "RH", town: "Redhill", districts: 20),
        Area(code: "YO", town: "York", districts: 43), Area(code: "HU", town: "Hull", districts: 20),
        Area(code: "DN", town: "Doncaster", districts: 41), Area(code: "PR", town: "Preston", districts: 26),
        Area(code: "EX", town: "Exeter", districts: 39), Area(code: "PL", town: "Plymouth", districts: 35),
        Area(code: "GL", town: "Gloucester", districts: 56), Area(code: "OX", town: "Oxford", districts: 29),
        Area(code: "RG", town: "Reading", districts: 45), Area(code: "GU", town: "Guildford", districts: 52),
        Area(code: "CT", town: "Canterbury", districts: 21), Area(code: "BH", town: "Bournemouth", districts: 25),
        Area(code: "SN", town: "Swindon", districts: 26), Area(code: "WR", town: "Worcester", districts: 15),
        Area(code: "ST", town: "Stoke-on-Trent", districts: 21), Area(code: "DE", town: "Derby", districts: 75),
        Area(code: "LN", town: "Lincoln", districts: 13), Area(code: "DH", town: "Durham", districts: 9),
        Area(code: "SR", town: "Sunderland", districts: 8), Area(code: "TS", town: "Middlesbrough", districts: 29),
        Area(code: "DL", town: "Darlington", districts: 17), Area(code: "HX", town: "Halifax", districts: 7),
        Area(code: "HD", town: "Huddersfield", districts: 9), Area(code: "WF", town: "Wakefield", districts: 17),
        Area(code: "BL", town: "Bolton", districts: 9), Area(code: "WN", town: "Wigan", districts: 8),
        Area(code: "WA", town: "Warrington", districts: 16), Area(code: "SK", town: "Stockport", districts: 23),
        Area(code: "FY", town: "Blackpool", districts: 8), Area(code: "LA", town: "Lancaster", districts: 23),
        Area(code: "TF", town: "Telford", districts: 13), Area(code: "DY", town: "Dudley", districts: 14),
        Area(code: "WS", town: "Walsall", districts: 15), Area(code: "CH", town: "Chester", districts: 66),
    ]

    static let streets = """
        Station Church Victoria Green Manor Park Queens Kings Grange New Mill High School London Chapel \
        Springfield Windsor Alexandra York Albert North South West East Highfield Mount Orchard Main Meadow Elm \
        Oak Ash Beech Willow Cedar Maple Holly Hawthorn Rowan Birch Chestnut Sycamore Laburnum Lime Poplar \
        Cherry Woodland Forest Brook River Bridge Canal Market Castle Abbey Priory Richmond Cambridge Oxford \
        Stanley Warwick Clarence Gladstone Nelson Wellington Cromwell Cavendish Grosvenor Salisbury Devonshire \
        Lancaster Chester Derby Bath Marlborough Hamilton Sandringham Balmoral Kensington Belmont Fairfield \
        Heath Hill Valley Lakeside Moor Fern Heather Primrose Bluebell Foxglove Lavender Rose Daisy Tulip
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    static let streetTypes = """
        Road Road Road Street Street Lane Avenue Close Close Drive Way Gardens Crescent Grove Court Place \
        Terrace Walk Rise View
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    /// The letters of a postcode's unit (C, I, K, M, O and V are never used there).
    static let unitLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    /// Spelled-out words and the abbreviations sources use for them.
    static let abbreviations = [
        ("Road", "Rd"), ("Street", "St"), ("Avenue", "Ave"), ("Lane", "Ln"), ("Close", "Cl"), ("Drive", "Dr"),
        ("Gardens", "Gdns"), ("Crescent", "Cres"), ("Court", "Ct"), ("Terrace", "Terr"), ("Place", "Pl"),
    ]
}
