"""France's regions and départements, as published in INSEE's Code officiel géographique.

Plain data, no Django import: the data migration ``0002_load_territories`` reads it, and so
can any script or test.

* ``REGIONS``: the 18 regions, ``(INSEE code, official name)``.
* ``DEPARTEMENTS``: the 101 départements, ``(INSEE code, official name, region code)``.
  Corsica is ``2A``/``2B`` (there is no ``20``) and the overseas départements have three
  digits (``971``…``974``, ``976``). The Métropole de Lyon is not a département: its
  territory belongs to ``69`` Rhône here.
* ``NEIGHBOURS``: for each metropolitan département, the départements it shares a land
  border with, rivers included. Overseas départements have none. The relation is
  symmetric; ``check_neighbours()`` verifies it (``python -m core.territories_data``).
  Cases that are easy to get wrong:

  - Calvados (14) and Seine-Maritime (76) only face each other across the Seine estuary
    (linked by the Pont de Normandie): not neighbours.
  - Var (83) and Vaucluse (84) touch over a few hundred metres on the Durance, near
    Cadarache (Beaumont-de-Pertuis borders Vinon-sur-Verdon): neighbours. Bouches-du-Rhône
    (13) and Alpes-de-Haute-Provence (04) do not touch (no commune of one borders a commune
    of the other).
  - Vosges (88) and Territoire de Belfort (90) share about 2 km at the Ballon d'Alsace;
    Seine-et-Marne (77) and Val-d'Oise (95) meet at Roissy-Charles-de-Gaulle; Nord (59)
    touches Somme (80); Charente-Maritime (17) touches Dordogne (24); Ardèche (07) touches
    Vaucluse (84) across the Rhône but not Rhône (69), the Loire (42) lying between them.
  - Paris (75) borders only 92, 93 and 94; Essonne (91) does not border Paris.
"""

REGIONS = (
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
)

DEPARTEMENTS = (
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
)

NEIGHBOURS = {
    "01": ("38", "39", "69", "71", "73", "74"),
    "02": ("08", "51", "59", "60", "77", "80"),
    "03": ("18", "23", "42", "58", "63", "71"),
    "04": ("05", "06", "26", "83", "84"),
    "05": ("04", "26", "38", "73"),
    "06": ("04", "83"),
    "07": ("26", "30", "38", "42", "43", "48", "84"),
    "08": ("02", "51", "55"),
    "09": ("11", "31", "66"),
    "10": ("21", "51", "52", "77", "89"),
    "11": ("09", "31", "34", "66", "81"),
    "12": ("15", "30", "34", "46", "48", "81", "82"),
    "13": ("30", "83", "84"),
    "14": ("27", "50", "61"),
    "15": ("12", "19", "43", "46", "48", "63"),
    "16": ("17", "24", "79", "86", "87"),
    "17": ("16", "24", "33", "79", "85"),
    "18": ("03", "23", "36", "41", "45", "58"),
    "19": ("15", "23", "24", "46", "63", "87"),
    "2A": ("2B",),
    "2B": ("2A",),
    "21": ("10", "39", "52", "58", "70", "71", "89"),
    "22": ("29", "35", "56"),
    "23": ("03", "18", "19", "36", "63", "87"),
    "24": ("16", "17", "19", "33", "46", "47", "87"),
    "25": ("39", "70", "90"),
    "26": ("04", "05", "07", "38", "84"),
    "27": ("14", "28", "60", "61", "76", "78", "95"),
    "28": ("27", "41", "45", "61", "72", "78", "91"),
    "29": ("22", "56"),
    "30": ("07", "12", "13", "34", "48", "84"),
    "31": ("09", "11", "32", "65", "81", "82"),
    "32": ("31", "40", "47", "64", "65", "82"),
    "33": ("17", "24", "40", "47"),
    "34": ("11", "12", "30", "81"),
    "35": ("22", "44", "49", "50", "53", "56"),
    "36": ("18", "23", "37", "41", "86", "87"),
    "37": ("36", "41", "49", "72", "86"),
    "38": ("01", "05", "07", "26", "42", "69", "73"),
    "39": ("01", "21", "25", "70", "71"),
    "40": ("32", "33", "47", "64"),
    "41": ("18", "28", "36", "37", "45", "72"),
    "42": ("03", "07", "38", "43", "63", "69", "71"),
    "43": ("07", "15", "42", "48", "63"),
    "44": ("35", "49", "56", "85"),
    "45": ("18", "28", "41", "58", "77", "89", "91"),
    "46": ("12", "15", "19", "24", "47", "82"),
    "47": ("24", "32", "33", "40", "46", "82"),
    "48": ("07", "12", "15", "30", "43"),
    "49": ("35", "37", "44", "53", "72", "79", "85", "86"),
    "50": ("14", "35", "53", "61"),
    "51": ("02", "08", "10", "52", "55", "77"),
    "52": ("10", "21", "51", "55", "70", "88"),
    "53": ("35", "49", "50", "61", "72"),
    "54": ("55", "57", "67", "88"),
    "55": ("08", "51", "52", "54", "88"),
    "56": ("22", "29", "35", "44"),
    "57": ("54", "67"),
    "58": ("03", "18", "21", "45", "71", "89"),
    "59": ("02", "62", "80"),
    "60": ("02", "27", "76", "77", "80", "95"),
    "61": ("14", "27", "28", "50", "53", "72"),
    "62": ("59", "80"),
    "63": ("03", "15", "19", "23", "42", "43"),
    "64": ("32", "40", "65"),
    "65": ("31", "32", "64"),
    "66": ("09", "11"),
    "67": ("54", "57", "68", "88"),
    "68": ("67", "88", "90"),
    "69": ("01", "38", "42", "71"),
    "70": ("21", "25", "39", "52", "88", "90"),
    "71": ("01", "03", "21", "39", "42", "58", "69"),
    "72": ("28", "37", "41", "49", "53", "61"),
    "73": ("01", "05", "38", "74"),
    "74": ("01", "73"),
    "75": ("92", "93", "94"),
    "76": ("27", "60", "80"),
    "77": ("02", "10", "45", "51", "60", "89", "91", "93", "94", "95"),
    "78": ("27", "28", "91", "92", "95"),
    "79": ("16", "17", "49", "85", "86"),
    "80": ("02", "59", "60", "62", "76"),
    "81": ("11", "12", "31", "34", "82"),
    "82": ("12", "31", "32", "46", "47", "81"),
    "83": ("04", "06", "13", "84"),
    "84": ("04", "07", "13", "26", "30", "83"),
    "85": ("17", "44", "49", "79"),
    "86": ("16", "36", "37", "49", "79", "87"),
    "87": ("16", "19", "23", "24", "36", "86"),
    "88": ("52", "54", "55", "67", "68", "70", "90"),
    "89": ("10", "21", "45", "58", "77"),
    "90": ("25", "68", "70", "88"),
    "91": ("28", "45", "77", "78", "92", "94"),
    "92": ("75", "78", "91", "93", "94", "95"),
    "93": ("75", "77", "92", "94", "95"),
    "94": ("75", "77", "91", "92", "93"),
    "95": ("27", "60", "77", "78", "92", "93"),
}

OVERSEAS_DEPARTEMENTS = ("971", "972", "973", "974", "976")


def check_neighbours():
    """Return the problems found in ``NEIGHBOURS`` (an empty list when it is consistent)."""
    codes = {code for code, _name, _region in DEPARTEMENTS}
    metropolitan = codes - set(OVERSEAS_DEPARTEMENTS)
    problems = []
    if set(NEIGHBOURS) != metropolitan:
        problems.append(
            f"keys differ from the metropolitan départements: "
            f"missing {sorted(metropolitan - set(NEIGHBOURS))}, "
            f"extra {sorted(set(NEIGHBOURS) - metropolitan)}"
        )
    for code, neighbours in NEIGHBOURS.items():
        if len(set(neighbours)) != len(neighbours):
            problems.append(f"{code}: duplicate neighbour")
        for other in neighbours:
            if other == code:
                problems.append(f"{code}: listed as its own neighbour")
            elif other not in metropolitan:
                problems.append(f"{code}: unknown or overseas neighbour {other}")
            elif code not in NEIGHBOURS.get(other, ()):
                problems.append(f"{code} lists {other}, but {other} does not list {code}")
    return problems


if __name__ == "__main__":
    found = check_neighbours()
    print("\n".join(found) or "NEIGHBOURS is consistent and symmetric.")
