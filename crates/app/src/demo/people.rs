//! The fictional people of the demo world. Any likeness to real people is accidental.

pub struct DemoProvider {
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub practitioners: [(&'static str, &'static str); 3],
    /// Role of the first practitioner for each client.
    pub main_role: &'static str,
    pub client_prefix: &'static str,
}

pub const PROVIDERS: [DemoProvider; 3] = [
    DemoProvider {
        name: "GGZ Rivierenland",
        email: "secretariaat@ggz-rivierenland.example",
        phone: "088 123 45 00",
        practitioners: [
            ("Dr. Ellen Visser", "psychiater"),
            ("Mark de Boer", "GZ-psycholoog"),
            ("Fatima El Amrani", "sociaal psychiatrisch verpleegkundige"),
        ],
        main_role: "regiebehandelaar",
        client_prefix: "RL",
    },
    DemoProvider {
        name: "Praktijk De Linde GGZ",
        email: "balie@praktijkdelinde.example",
        phone: "030 765 43 21",
        practitioners: [
            ("Jeroen Smit", "klinisch psycholoog"),
            ("Anouk Bakker", "GZ-psycholoog"),
            ("Samira Yilmaz", "verpleegkundig specialist GGZ"),
        ],
        main_role: "behandelaar",
        client_prefix: "DL",
    },
    DemoProvider {
        name: "Stichting Het Anker",
        email: "zorgbureau@hetanker.example",
        phone: "0570 22 33 44",
        practitioners: [
            ("Kim Mulder", "persoonlijk begeleider"),
            ("Ruud Hendriks", "gedragsdeskundige"),
            ("Lotte Kok", "ambulant begeleider"),
        ],
        main_role: "persoonlijk begeleider",
        client_prefix: "HA",
    },
];

pub const FIRST_NAMES: [&str; 30] = [
    "Sanne", "Daan", "Lotte", "Bram", "Noor", "Thijs", "Eva", "Jesse", "Fleur", "Milan", "Iris",
    "Ruben", "Julia", "Sem", "Lieke", "Luuk", "Anna", "Finn", "Roos", "Lars", "Zoë", "Mohamed",
    "Yara", "Stijn", "Amira", "Koen", "Ilse", "Youssef", "Maud", "Tim",
];

pub const LAST_NAMES: [&str; 30] = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van Dijk",
    "Schouten",
    "Willems",
    "Hoekstra",
];

pub const STREETS: [&str; 5] = [
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsweg",
];
pub const CITIES: [(&str, &str); 3] = [("4001", "Tiel"), ("3511", "Utrecht"), ("8101", "Raalte")];

pub const APPOINTMENT_TITLES: [&str; 4] = [
    "Behandelgesprek",
    "Evaluatie behandelplan",
    "Intakegesprek",
    "Begeleidingsgesprek",
];
