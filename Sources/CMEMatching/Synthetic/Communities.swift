// Name data for the synthetic population: the communities of English schools, each with its names in rough order of
// popularity among children born 2009-2021 (ONS baby names, and community naming customs), and its share of pupils
// (DfE school census). Frequencies follow a Zipf curve with explicit shares for the names that dominate, such as
// Muhammad among Muslim boys or Khan among Pakistani surnames; English surnames get a long tail of rarer ones.

/// One community: how many pupils belong to it, their ethnicity codes, and their names.
struct Community: Sendable {
    var share: Double
    var ethnicity: [String]
    var boys: WeightedNames
    var girls: WeightedNames
    var surnames: WeightedNames
    /// Postcode areas where the community is concentrated (chosen for 70% of its families); empty for anywhere.
    var hubs: [String]
    /// Share of boys given Muhammad (in one of its spellings) as first name and known by their middle name.
    var muhammadShare: Double = 0
    /// Sikh naming: children often carry Singh or Kaur rather than the family surname.
    var sikhShare: Double = 0
    /// Polish and Lithuanian surnames take a feminine ending for girls (-ski, -ska).
    var gendersSurnames = false
}

extension Community {
    static let all: [Community] = [
        .whiteBritish, .pakistani, .bangladeshi, .indian, .westAfrican, .somali, .caribbean, .easternEuropean,
        .arab, .travellers, .chinese,
    ]

    static let whiteBritish = Community(
        share: 0.735,
        ethnicity: ["WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WIRI", "MWBC"],
        boys: WeightedNames(
            """
            Oliver George Noah Arthur Harry Leo Jack Charlie Oscar Jacob Henry Thomas Freddie Alfie Theo William \
            Theodore Archie Joshua Alexander James Isaac Edward Lucas Tommy Finley Max Logan Ethan Teddy Benjamin \
            Arlo Joseph Sebastian Harrison Elijah Adam Daniel Samuel Louie Mason Reuben Albie Rory Jaxon Hugo Luca \
            Zachary Reggie Hunter Louis Dylan Albert David Jude Frankie Roman Ezra Toby Riley Carter Ronnie \
            Frederick Gabriel Stanley Bobby Jesse Michael Elliot Liam Jenson Ellis Harley Harvey Jayden Jake Ralph \
            Dexter Nathan Connor Kai Kian Lewis Callum Ryan Tyler Jamie Owen Aaron Matthew Luke Ben Sam Jordan \
            Kyle Bradley Declan Ashton Alfie-James Tommy-Lee Rhys Aiden Ayden Caleb Jasper Felix Rupert Seth
            """,
            exponent: 0.8
        ),
        girls: WeightedNames(
            """
            Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy Sienna \
            Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya Sophie Alice \
            Emilia Isabelle Ruby Ellie Jessica Lucy Chloe Holly Megan Katie Erin Lacey Scarlett Darcie Maisie \
            Eliza Hannah Amber Bethany Abigail Georgia Lola Summer Esme Imogen Harriet Thea Violet Aurora Hallie \
            Elizabeth Eva Layla Molly Zara Niamh Caitlin Leah Courtney Paige Lexi Kayleigh Jasmine Tilly Lottie \
            Bella Orla Iris Nancy Edith Clara Mabel Robyn Eleanor Lilly-Mae Ellie-Mae Lacey-Mai Zoe Zoey Kaitlyn \
            Isobel Libby Rebecca Katherine Catherine Amelie Freyja Macy Maddison Madison Skye Ivy-Rose
            """,
            exponent: 0.8
        ),
        surnames: WeightedNames(
            """
            Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright \
            Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward \
            Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price \
            Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller \
            Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray \
            Mason Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker \
            Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews \
            Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson \
            Bradley Spencer Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis \
            Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods \
            Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy \
            Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson \
            Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson \
            Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy \
            Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May \
            Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters \
            Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Lynch Goodwin \
            Barton Woodward Thomson Cunningham Quinn Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp \
            Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley \
            Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles Hartley \
            Simmons Morrison Howe Bryant Houghton Steele Smith-Jones
            """,
            exponent: 0.75,
            tail: Self.englishSurnameTail,
            tailShare: 0.45
        ),
        hubs: []
    )

    /// Rarer English surnames, built from place-name parts: the long tail that makes most surnames rare.
    static let englishSurnameTail: [String] = {
        let first = """
            Ash Black Brad Bright Brook Cald Chad Clay Col Cran Dal Dun East Fair Fal Fern Fox Green Hal Har Hart \
            Haw Hay Hol Hun Kel Kings Lang Lin Mar Mid Mil Mor New North Oak Pen Rad Red Ride Rock Rox Sal Sand \
            Shel South Stan Stock Stone Strat Sut Thorn Tod War Wat Wel West Whit Wick Win Wood Wor Bar Bel Bram \
            Brig Carl Chal Dart Dray Els Farn Gar Gold Hather Ing Kir Lock Lud Mat Nor Ock Pad Rain Scar
            """
        let second = """
            ton ley field ford worth by ham well wood ridge bury dale combe hurst stead more croft shaw wick \
            thorpe den wood land cote bourne
            """
        var names: [String] = []
        for a in first.split(separator: " ") {
            for b in second.split(separator: " ") { names.append(String(a) + String(b)) }
        }
        return names
    }()

    static let pakistani = Community(
        share: 0.05,
        ethnicity: ["APKN"],
        boys: WeightedNames(
            """
            Ali Ibrahim Yusuf Hamza Zain Ayaan Musa Abdullah Rayyan Umar Ahmed Hassan Hussain Bilal Zakariya \
            Ismail Idris Haris Arham Aryan Zayan Azaan Haider Abdul Usman Talha Saad Hashim Faizan Taha Daniyal \
            Amaan Huzaifa Ahmad Imran Adam Eesa Yahya Sulaiman Ismaeel Rehan Shayan Zohaib Hamzah Ayan Yousuf
            """
        ),
        girls: WeightedNames(
            """
            Maryam Fatima Aisha Zainab Hafsa Khadija Amina Inaya Anaya Zara Aleena Eman Hoorain Safa Sara Ayesha \
            Mahnoor Hania Alishba Laiba Manahil Iqra Hira Noor Zoya Mariam Aiza Haniya Sumaya Ruqayyah Safiya \
            Huda Amna Aaliyah Alisha Mehak Rimsha Fatimah Khadijah
            """
        ),
        surnames: WeightedNames(
            """
            Khan Hussain Ahmed Ali Akhtar Mahmood Iqbal Shah Butt Malik Bibi Rashid Aslam Raza Qureshi Javed \
            Mirza Sheikh Hameed Saleem Nawaz Anwar Bashir Latif Zaman Yousaf Mughal Chaudhry Rehman Riaz Tariq \
            Akram Arshad Rafiq Younas Siddique Ashraf Sadiq Hanif Ishaq Mehmood Hussein Choudhry Kayani Abbasi \
            Awan Janjua Rajput Bhatti Dar Mir
            """,
            head: [0.14, 0.09, 0.07, 0.07, 0.04, 0.04, 0.04, 0.04]
        ),
        hubs: ["BD", "B", "M", "OL", "LU", "BB", "L", "LS", "E", "SL"],
        muhammadShare: 0.22
    )

    static let bangladeshi = Community(
        share: 0.02,
        ethnicity: ["ABAN"],
        boys: WeightedNames(
            """
            Ayaan Zayan Rayan Ibrahim Yusuf Isa Musa Adam Abdullah Sami Tahmid Rafi Arif Nabil Tanvir Shahid \
            Imran Rahim Karim Sakib Zubair Faisal Jamal Tamim Yasin Nazmul Ashraf Mahir Ishaq Zakaria Rayyan
            """
        ),
        girls: WeightedNames(
            """
            Fatima Aisha Maryam Zainab Sumaiya Tasnim Nusrat Sadia Ayesha Raisa Safa Humaira Tahmina Nadia \
            Farhana Shirin Jannat Ruqayyah Tanisha Anika Samira Lamia Nafisa Sabrina Tasneem Mariam Sumaya
            """
        ),
        surnames: WeightedNames(
            """
            Begum Miah Ahmed Uddin Islam Rahman Ali Hussain Khatun Hoque Chowdhury Haque Alam Khan Hossain Ullah \
            Bibi Akhtar Sultana Karim Choudhury Mahmud Rahim Sarker Talukder Chaudhury Rehman Hussein
            """,
            head: [0.15, 0.10, 0.08, 0.08, 0.07, 0.07, 0.06, 0.05]
        ),
        hubs: ["E", "B", "OL", "LU", "N", "NW", "SE"],
        muhammadShare: 0.2
    )

    static let indian = Community(
        share: 0.035,
        ethnicity: ["AIND"],
        boys: WeightedNames(
            """
            Arjun Aarav Vihaan Reyansh Krish Aryan Ishaan Rohan Dev Kabir Arav Rahul Nikhil Jai Veer Harjot \
            Gurveer Jaskaran Manveer Arjan Sukhman Tejveer Amrit Sai Aditya Ved Shaan Anay Yash Neel Jasraj \
            Harnoor Ekam Siddharth Ishan
            """
        ),
        girls: WeightedNames(
            """
            Anaya Aanya Diya Priya Riya Saanvi Myra Kiara Avni Ishani Amaira Navya Simran Harleen Jasleen \
            Gurleen Manpreet Kirandeep Amrit Tara Anika Siya Shreya Aditi Meera Nisha Pooja Sanvi Jasmeet \
            Harnoor Ria
            """
        ),
        surnames: WeightedNames(
            """
            Patel Singh Kaur Sharma Shah Gill Sandhu Kumar Mistry Parmar Chauhan Sidhu Dhillon Bains Johal \
            Grewal Atwal Mann Rai Joshi Mehta Desai Modi Pandya Solanki Thakkar Verma Gupta Reddy Nair Pillai \
            Bhatt Chopra Kapoor Malhotra Bhatia Dhaliwal Virdee Sahota Lakhani Chohan Sangha Hayer Randhawa
            """,
            head: [0.22, 0.06, 0.03, 0.05, 0.05]
        ),
        hubs: ["LE", "HA", "UB", "TW", "B", "WV", "CV", "SL", "IG"],
        sikhShare: 0.3
    )

    static let westAfrican = Community(
        share: 0.035,
        ethnicity: ["BAFR"],
        boys: WeightedNames(
            """
            David Daniel Samuel Joshua Emmanuel Michael Joseph Jayden Ethan Caleb Nathan Elijah Isaac Jeremiah \
            Josiah Tobi Oluwaseun Oluwatobi Chukwuemeka Chidera Ayomide Tomiwa Femi Kwame Kofi Kwabena Yaw \
            Obinna Chinedu Ifeanyi Toluwani Ayodeji Oluwadamilare Tobiloba Ebuka Nnamdi Kelechi Somto Chibueze \
            Praise Divine Marvellous Testimony Goodness Oluwafemi Babatunde Olamide Chukwuebuka
            """
        ),
        girls: WeightedNames(
            """
            Esther Precious Blessing Grace Favour Deborah Tiwa Ayomide Oluwatosin Oluwaseun Chiamaka Chidinma \
            Adaeze Ifeoma Temitope Tolulope Mercy Abena Ama Akosua Efua Esi Naomi Comfort Divine Peace Victoria \
            Adenike Funmilayo Oluwafunmilayo Damilola Oluwadamilola Nkechi Ngozi Zion Amara Nneka Chioma \
            Anuoluwapo Oluwabukola Oluwatoyin Kemi
            """
        ),
        surnames: WeightedNames(
            """
            Okafor Adeyemi Okonkwo Mensah Owusu Asante Boateng Osei Oyelaran Olaniyan Nwosu Eze Adebayo \
            Ogunleye Afolabi Oyewole Adeleke Adewale Ogunbiyi Bello Okoro Okeke Nwachukwu Obi Uche Agbaje \
            Akinola Ojo Olawale Oduya Addo Amoah Appiah Darko Frimpong Gyamfi Kyei Ofori Opoku Sarpong Tetteh \
            Yeboah Danquah Ansah
            """,
            exponent: 0.6,
            tail: Self.yorubaSurnameTail,
            tailShare: 0.4
        ),
        hubs: ["SE", "E", "N", "CR", "RM", "IG", "M", "B", "NN", "MK"]
    )

    /// Yoruba-style surnames built from common parts ("Ade" + "yemi"): a long tail like the English one.
    static let yorubaSurnameTail: [String] = {
        var names: [String] = []
        for a in ["Ade", "Ola", "Olu", "Oye", "Aki", "Ayo", "Fola", "Ogun", "Oke", "Ibi", "Aji", "Owo"] {
            for b in [
                "yemi", "wale", "kunle", "sanya", "tunde", "bayo", "lade", "mide", "sola", "dipe", "niyi", "gbade",
            ] {
                names.append(a + b)
            }
        }
        return names
    }()

    static let somali = Community(
        share: 0.012,
        ethnicity: ["BSOM"],
        boys: WeightedNames(
            """
            Abdirahman Abdullahi Ahmed Hassan Yusuf Ibrahim Ismail Omar Ali Hamza Bilal Abdikarim Abdirizak \
            Abdiaziz Khalid Mustafa Yahya Musa Idris Zakariye Hussein Guled Mahad Liban Sakariye Ayub Mukhtar
            """
        ),
        girls: WeightedNames(
            """
            Fadumo Fatima Hodan Ifrah Amina Asha Hawa Nasra Sahra Maryan Khadra Halima Ayan Hibo Deeqa Sumaya \
            Hana Layla Salma Ruqiya Samira Sagal Zamzam Idil Najma Hamdi Muna
            """
        ),
        surnames: WeightedNames(
            """
            Mohamed Ahmed Hassan Ali Abdi Omar Ibrahim Hussein Yusuf Abdullahi Farah Warsame Jama Osman Nur Aden \
            Ismail Hersi Elmi Mohamud Said Dahir Egal Gedi Abdulle Guled Samatar Dirie Awale Hirsi
            """,
            head: [0.12, 0.08, 0.07, 0.07, 0.06]
        ),
        hubs: ["NW", "W", "E", "B", "BS", "L", "M", "S", "LS"],
        muhammadShare: 0.25
    )

    static let caribbean = Community(
        share: 0.012,
        ethnicity: ["BCRB"],
        boys: WeightedNames(
            """
            Tyrese Jermaine Tyrone Kai Malachi Isaiah Jaden Marcus Andre Darnell Deshawn Joshua Nathaniel Jordan \
            Kyrie Zion Amari Ezekiel Jahmai Reon Elijah Josiah Tyler Kyle Aaron
            """
        ),
        girls: WeightedNames(
            """
            Shanice Keisha Tiana Aaliyah Jada Nia Imani Zara Chantelle Kiara Destiny Amara Serena Renee Jasmine \
            Naomi Leah Maya Aliyah Kayla Tianna Shaniece Keshia
            """
        ),
        surnames: WeightedNames(
            """
            Campbell Brown Williams Smith Johnson Thomas Robinson Clarke Francis Grant Henry Lewis Morgan James \
            Reid Edwards Bailey Gordon Stewart Walker Spencer Benjamin Samuels Hamilton Richards Forbes Anderson \
            Douglas Powell Jackson Gayle Beckford Christie Blackwood McKenzie
            """,
            exponent: 0.7
        ),
        hubs: ["SE", "SW", "B", "N", "E", "NG", "LS", "M", "BS", "WV"]
    )

    static let easternEuropean = Community(
        share: 0.06,
        ethnicity: ["WOTH", "WPOL", "WOTH", "WPOL", "WOTH"],
        boys: WeightedNames(
            """
            Jakub Antoni Szymon Filip Franciszek Aleksander Mikolaj Wojciech Kacper Adam Michal Marcel Stanislaw \
            Wiktor Piotr Igor Mateusz Dawid Oliwer Tymon Bartosz Dominik Oskar Maksymilian Andrei Alexandru David \
            Stefan Luca Matei Ionut Gabriel Darius Lukas Matas Dovydas Nojus Maksym Artem Bohdan Denys Jan \
            Krzysztof Tomasz Lukasz Pawel
            """
        ),
        girls: WeightedNames(
            """
            Zofia Zuzanna Hanna Julia Maja Laura Oliwia Alicja Lena Pola Amelia Maria Wiktoria Natalia Aleksandra \
            Nikola Gabriela Antonina Emilia Weronika Ioana Elena Andreea Sofia Daria Bianca Ana Patricia Ema \
            Kamile Gabija Urte Emilija Viktorija Sofiia Anastasiia Mariia Yeva Polina Zlata Agnieszka Katarzyna \
            Magdalena Malgorzata Milena
            """
        ),
        surnames: WeightedNames(
            """
            Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak \
            Dabrowski Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Kaczmarek Piotrowski Grabowski Nowakowski \
            Pawlowski Michalski Adamczyk Dudek Zajac Wieczorek Jablonski Krol Majewski Olszewski Popescu Ionescu \
            Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Kazlauskas Jankauskas \
            Petrauskas Stankevicius Vasiliauskas Zukauskas Butkus Melnyk Shevchenko Kovalenko Bondarenko \
            Tkachenko Kravchenko Oliynyk Lysenko Kovalchuk Horvath Kovacs Nagy Toth Szabo Wroblewski Sikora \
            Baran Duda Pietrzak Marciniak Zawadzki Sadowski Czarnecki Sawicki Sokolowski Urbanski Kubiak
            """,
            exponent: 0.5
        ),
        hubs: ["PE", "NG", "LE", "SL", "W", "NW", "B", "NN", "CO", "IP", "LU", "S"],
        gendersSurnames: true
    )

    static let arab = Community(
        share: 0.025,
        ethnicity: ["OOTH", "AOTH", "OOTH"],
        boys: WeightedNames(
            """
            Ahmad Omar Ali Yousef Adam Abdullah Hamza Mustafa Khaled Ibrahim Karim Rami Zaid Amir Hadi Tariq \
            Bilal Mahmoud Hussein Hassan Jamal Samir Ayman Fadi Ziad Nabil Wassim Elias Yahya Ilyas Anas Bashir \
            Sami Ahmed Mostafa Abdulrahman Kareem
            """
        ),
        girls: WeightedNames(
            """
            Maryam Fatima Noor Layla Sara Hana Lina Rania Yasmin Aya Jana Salma Malak Reem Dina Huda Marwa Nour \
            Leen Lamar Sidra Zahra Amira Ranim Shahd Farah Rahaf Ghazal Hiba Tala Mariam Leila Yasmine
            """
        ),
        surnames: WeightedNames(
            """
            Al-Hashimi Al-Sayed Hussein Ahmed Mohammed Hassan Ali Ibrahim Mahmoud Abdullah Khalil Saleh Nasser \
            Haddad Mansour Youssef Khoury Hamdan Rahimi Ahmadi Hosseini Karimi Mohammadi Hakimi Rezaei Amiri \
            Popal Safi Noori Stanekzai Barzani Rashid Aziz Jaber Al-Jabouri Omar Suleiman Darwish Habib Kareem \
            Salem Al-Amin Abbas Hamid
            """,
            exponent: 0.6
        ),
        hubs: ["W", "NW", "M", "B", "L", "S", "CV", "NE", "SO"],
        muhammadShare: 0.18
    )

    static let travellers = Community(
        share: 0.008,
        ethnicity: ["WIRT", "WROM", "WROM", "WIRT"],
        boys: WeightedNames(
            """
            John Patrick Michael Thomas Martin James Johnny Tommy Paddy Bernard Christy Francis Joe Jimmy Levi \
            Elijah Noah Reuben Caleb Henry Joseph Billy Frankie Mikey Teddy Alfie Jack Romeo Ionut Marian Florin \
            Nicolae Gheorghe Ionel Costel Denis Marius Vasile
            """
        ),
        girls: WeightedNames(
            """
            Bridget Mary Margaret Kathleen Ellen Nora Winnie Shannon Chelsea Kayleigh Tiffany Bernadette Josie \
            Lilly Angel Candice Mary-Ann Roseanne Maria Elena Florentina Alina Denisa Andreea Larisa Roxana \
            Nicoleta Violeta Bridie
            """
        ),
        surnames: WeightedNames(
            """
            Ward McDonagh Joyce Connors Maughan Sherlock Delaney Stokes Lee Smith Price Boswell Lovell Loveridge \
            Doran Collins Mongan Hearne Gaskin Purcell Quilligan Cash Nevin Cooper Buckley Doherty Rostas Balog \
            Lakatos Kolompar Olah Stojka Caldaras Dumitru Radu Lingurar
            """,
            exponent: 0.9
        ),
        hubs: ["CB", "PE", "DA", "ME", "TN", "LU", "B", "M", "NR", "SS", "WV", "L", "BN", "RH"]
    )

    static let chinese = Community(
        share: 0.008,
        ethnicity: ["CHNE"],
        boys: WeightedNames(
            """
            Ethan Lucas Jayden Ryan Yifan Haoran Zihan Yuxuan Junhao Zhiwei Kai Jason Ming Wei Jun Hao Tian Bo \
            Chen Leo Ryan Kevin Eric Henry
            """
        ),
        girls: WeightedNames(
            """
            Chloe Emily Grace Zoe Yuxi Xinyi Zixuan Yutong Mei Ling Hui Jing Xin Yan Li Sophia Angela Cindy \
            Jessica Hannah Vivian Amy
            """
        ),
        surnames: WeightedNames(
            """
            Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Wong Chan Cheung Lau Lam \
            Ng Leung Ho Yeung Tang Lee Chow Nguyen Tran Le Pham
            """,
            exponent: 0.9
        ),
        hubs: ["M", "L", "B", "E", "N", "NW", "W", "SE", "NG", "SO", "CB"]
    )

    /// The spellings of Muhammad in English school records, with how often each is used.
    static let muhammadSpellings = WeightedNames(
        "Muhammad Mohammed Mohammad Mohamed Muhammed Mohammod",
        head: [0.42, 0.3, 0.12, 0.1, 0.04, 0.02]
    )
}
