"""The council's members as data: the Bund and the 16 Länder vote, six members advise.

IT-Staatsvertrag § 1 as summarised in the domain notes: three representatives of the
municipalities (sent by the kommunale Spitzenverbände), the Federal Commissioner for Data
Protection, one Land data-protection officer and the President of FITKO advise.
"""

from __future__ import annotations

from app.models.council import MemberKind

# (key, name, kind) in the order of lists and vote tables; the Länder alphabetically.
MEMBERS = (
    ("bund", "Bund", MemberKind.BUND),
    ("BW", "Baden-Württemberg", MemberKind.LAND),
    ("BY", "Bayern", MemberKind.LAND),
    ("BE", "Berlin", MemberKind.LAND),
    ("BB", "Brandenburg", MemberKind.LAND),
    ("HB", "Bremen", MemberKind.LAND),
    ("HH", "Hamburg", MemberKind.LAND),
    ("HE", "Hessen", MemberKind.LAND),
    ("MV", "Mecklenburg-Vorpommern", MemberKind.LAND),
    ("NI", "Niedersachsen", MemberKind.LAND),
    ("NW", "Nordrhein-Westfalen", MemberKind.LAND),
    ("RP", "Rheinland-Pfalz", MemberKind.LAND),
    ("SL", "Saarland", MemberKind.LAND),
    ("SN", "Sachsen", MemberKind.LAND),
    ("ST", "Sachsen-Anhalt", MemberKind.LAND),
    ("SH", "Schleswig-Holstein", MemberKind.LAND),
    ("TH", "Thüringen", MemberKind.LAND),
    ("kommunal-1", "Vertretung der Gemeinden und Gemeindeverbände (1)", MemberKind.ADVISORY),
    ("kommunal-2", "Vertretung der Gemeinden und Gemeindeverbände (2)", MemberKind.ADVISORY),
    ("kommunal-3", "Vertretung der Gemeinden und Gemeindeverbände (3)", MemberKind.ADVISORY),
    (
        "bfdi",
        "Bundesbeauftragte:r für den Datenschutz und die Informationsfreiheit",
        MemberKind.ADVISORY,
    ),
    ("datenschutz-land", "Vertretung der Landesdatenschutzbeauftragten", MemberKind.ADVISORY),
    ("fitko", "Präsident:in der FITKO", MemberKind.ADVISORY),
)

LAND_NAMES = {key: name for key, name, kind in MEMBERS if kind is MemberKind.LAND}
