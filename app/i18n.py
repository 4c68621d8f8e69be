"""French first, English too: every word the dashboard shows, and French number formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import french
from analysis.anomalies import KIND_TITLES
from analysis.tempo import ESTIMATED_LABEL

if TYPE_CHECKING:
    from analysis.french import Lang

TEXT: dict[str, dict[Lang, str]] = {
    "app_title": {
        "fr": "Courbe — votre électricité, expliquée",
        "en": "Courbe — your electricity, explained",
    },
    "demo_banner": {
        "fr": "Démonstration : foyer simulé « {name} ». Importez vos fichiers dans l'accueil pour voir les vôtres.",
        "en": "Demo: simulated household “{name}”. Import your files on the home page to see yours.",
    },
    "page_home": {"fr": "Accueil", "en": "Home"},
    "page_overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page_habits": {"fr": "Habitudes", "en": "Habits"},
    "page_power": {"fr": "Puissance", "en": "Power"},
    "page_anomalies": {"fr": "Anomalies", "en": "Anomalies"},
    "page_savings": {"fr": "Économies", "en": "Savings"},
    "page_data": {"fr": "Mes données", "en": "My data"},
    "page_report": {"fr": "Rapport", "en": "Report"},
    "explain_report": {
        "fr": "Le bilan à laisser au foyer : deux pages A4, à imprimer ou à envoyer. Le fichier HTML s'ouvre sans connexion ; le PDF est imprimé par Chromium sur cet ordinateur.",
        "en": "The summary to leave with the household: two A4 pages, to print or send. The HTML file opens offline; the PDF is printed by Chromium on this computer.",
    },
    "download_html": {"fr": "Télécharger le rapport (HTML)", "en": "Download the report (HTML)"},
    "download_pdf": {"fr": "Télécharger le PDF", "en": "Download the PDF"},
    "make_pdf": {"fr": "Préparer le PDF", "en": "Make the PDF"},
    "language": {"fr": "Langue", "en": "Language"},
    "kva": {"fr": "Puissance souscrite (kVA)", "en": "Subscribed power (kVA)"},
    "option": {"fr": "Option tarifaire", "en": "Tariff option"},
    "off_peak": {"fr": "Heures creuses", "en": "Off-peak hours"},
    "off_peak_help": {
        "fr": "Comme sur la facture : 22h-6h, 22h30 - 6h30, 0h-7h + 13h-15h. Été (1er avril → 31 octobre) et hiver à part : hiver 22h-6h ; été 2h-6h + 14h-16h. Un changement à une date : 22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h",
        "en": "As on the bill: 22h-6h, 22h30 - 6h30, 0h-7h + 13h-15h. Summer (1 April → 31 October) and winter apart: hiver 22h-6h ; été 2h-6h + 14h-16h. A change on a date: 22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h",
    },
    "off_peak_refused": {
        "fr": "Heures creuses non retenues (les précédentes restent : {kept}) : {error}",
        "en": "Off-peak hours not taken (the previous ones stay: {kept}): {error}",
    },
    "settings": {"fr": "Votre contrat", "en": "Your contract"},
    "household": {"fr": "Foyer de démonstration", "en": "Demo household"},
    "upload": {
        "fr": "Déposez vos fichiers : Enedis (CSV, XLSX, R63), Data Connect (JSON), EDF…",
        "en": "Drop your files: Enedis (CSV, XLSX, R63), Data Connect (JSON), EDF…",
    },
    "upload_help": {
        "fr": "Rien ne quitte votre ordinateur : les fichiers sont lus et gardés ici.",
        "en": "Nothing leaves your computer: files are read and kept here.",
    },
    "nothing_to_shift": {
        "fr": "Trop peu de consommation en heures pleines pour simuler d'en déplacer.",
        "en": "Too little peak-hour consumption to simulate moving some.",
    },
    "upload_options": {
        "fr": "Options d'import (rarement utiles)",
        "en": "Import options (rarely needed)",
    },
    "upload_unit": {
        "fr": "Unité des valeurs, pour un CSV à deux colonnes qui ne la donne pas",
        "en": "Unit of the values, for a two-column CSV that does not give it",
    },
    "upload_unit_auto": {"fr": "Lue dans le fichier", "en": "Read from the file"},
    "upload_start": {
        "fr": "Début d'une capture TIC sans heures de réception (heure de Paris)",
        "en": "Start of a TIC capture without receive times (Paris time)",
    },
    "upload_meter": {
        "fr": "Nom du compteur, pour un fichier qui n'en donne pas (un client, un logement…)",
        "en": "Meter name, for a file that gives none (a client, a home…)",
    },
    "bad_start": {
        "fr": "Début de capture non compris : « {got} » (attendu : 2024-01-08 12:00)",
        "en": "Capture start not understood: '{got}' (expected: 2024-01-08 12:00)",
    },
    "imported": {
        "fr": "{file} : {rows} relevés importés ({new} nouveaux).",
        "en": "{file}: {rows} readings imported ({new} new).",
    },
    "energy": {"fr": "Consommation", "en": "Consumption"},
    "cost": {"fr": "Coût estimé", "en": "Estimated cost"},
    "baseload": {"fr": "Consommation permanente", "en": "Always-on load"},
    "peak": {"fr": "Pic (moyenne 30 min)", "en": "Peak (30-min average)"},
    "hc_share": {"fr": "Part en heures creuses", "en": "Off-peak share"},
    "explain_overview": {
        "fr": "Votre consommation sur la période, mois par mois, comparée à l'année d'avant quand elle est connue.",
        "en": "Your consumption over the period, month by month, beside the year before when known.",
    },
    "explain_baseload": {
        "fr": "Ce qui tourne jour et nuit : box, réfrigérateur, veilles. Chaque 10 W permanents coûtent environ 88 kWh par an.",
        "en": "What runs day and night: box, fridge, standby. Every 10 W always on costs about 88 kWh a year.",
    },
    "explain_typical": {
        "fr": "Une journée type : la ligne est la médiane, la bande va des jours calmes (10 %) aux jours chargés (90 %).",
        "en": "A typical day: the line is the median, the band runs from quiet days (10 %) to busy ones (90 %).",
    },
    "explain_heatmap": {
        "fr": "Puissance moyenne par jour de la semaine et par heure : les cases foncées sont vos moments de forte consommation.",
        "en": "Mean power by weekday and hour: dark cells are when you use the most.",
    },
    "explain_duration": {
        "fr": "Toutes vos demi-heures classées de la plus forte à la plus faible, face à votre puissance souscrite.",
        "en": "All your half-hours sorted from highest to lowest, against your subscribed power.",
    },
    "explain_tariffs": {
        "fr": "Ce que votre consommation aurait coûté avec chaque option, aux prix actuels du tarif réglementé.",
        "en": "What your consumption would have cost under each option, at current regulated prices.",
    },
    "no_anomaly": {"fr": "Rien d'anormal dans vos données.", "en": "Nothing unusual in your data."},
    "tips": {"fr": "Nos conseils, classés par économie", "en": "Our tips, ranked by saving"},
    "per_year": {"fr": "par an", "en": "a year"},
    "over_days": {
        "fr": "sur les {n} jours de votre courbe",
        "en": "over the {n} days of your curve",
    },
    "break_even": {
        "fr": "Les heures creuses sont rentables au-delà de {x} de votre consommation en heures creuses ; vous en êtes à {y}.",
        "en": "Off-peak pricing pays off above {x} of your use in off-peak hours; you are at {y}.",
    },
    "delete_all": {"fr": "Tout effacer", "en": "Delete everything"},
    "delete_confirm": {
        "fr": "Je veux effacer toutes mes données",
        "en": "I want to delete all my data",
    },
    "deleted": {
        "fr": "Toutes vos données ont été effacées : le dossier {path} n'existe plus.",
        "en": "All your data was deleted: the folder {path} no longer exists.",
    },
    "share": {"fr": "Partager pour la recherche", "en": "Share for research"},
    "demo_mode": {
        "fr": "Mode démonstration : seuls les foyers simulés sont montrés, et rien n'est écrit sur cet ordinateur.",
        "en": "Demo mode: only the simulated households are shown, and nothing is written to this computer.",
    },
    "explain_share": {
        "fr": "Vos relevés, votre numéro de compteur remplacé par un pseudonyme (calculé avec une clé qui reste ici) et, si vous le souhaitez, les dates décalées d'un nombre de semaines tenu secret.",
        "en": "Your readings with your meter number replaced by a pseudonym (computed with a key that stays here) and, if you wish, the dates moved by a secret number of weeks.",
    },
    "share_shift": {"fr": "Décaler les dates", "en": "Shift the dates"},
    "share_make": {"fr": "Préparer l'export", "en": "Prepare the export"},
    "share_download": {"fr": "Télécharger (zip)", "en": "Download (zip)"},
    "imports": {"fr": "Fichiers importés", "en": "Imported files"},
    "store_empty": {"fr": "Aucun fichier importé pour l'instant.", "en": "No file imported yet."},
    "meter": {"fr": "Compteur", "en": "Meter"},
    "period": {"fr": "Période", "en": "Period"},
    "error": {"fr": "Impossible de lire ce fichier : {msg}", "en": "Cannot read this file: {msg}"},
    "set_contract": {
        "fr": "Vos relevés sont importés. Indiquez votre contrat (puissance, option, heures creuses) dans le menu de gauche : Courbe le retiendra.",
        "en": "Your readings are imported. Give your contract (power, option, off-peak hours) in the left menu: Courbe will remember it.",
    },
    "references": {"fr": "Vos fichiers de référence", "en": "Your reference files"},
    "explain_references": {
        "fr": "Facultatif. Courbe fournit les couleurs Tempo publiées jusqu'au {tempo_last} et les températures moyennes de la France jusqu'au {temperature_last}. Au-delà, les couleurs Tempo sont estimées (règles RTE, jours les plus froids d'abord) et le chauffage et les anomalies se passent de températures. Vos fichiers les complètent ou les remplacent.",
        "en": "Optional. Courbe ships the Tempo colours published up to {tempo_last} and France's mean temperatures up to {temperature_last}. After that, Tempo colours are estimated (RTE's rules, coldest days first) and heating and anomalies go without temperatures. Your files extend or replace them.",
    },
    "tempo_file": {
        "fr": "Couleurs des jours Tempo (téléchargement RTE éCO2mix, CSV date ; couleur, ou JSON api-couleur-tempo)",
        "en": "Tempo day colours (RTE éCO2mix download, CSV date, colour, or api-couleur-tempo JSON)",
    },
    "temperatures_file": {
        "fr": "Températures de chez vous (CSV régional ODRE, fichier quotidien Météo-France Q_…, ou CSV date ; température)",
        "en": "Your local temperatures (ODRE regional CSV, Météo-France daily Q_… file, or CSV date, temperature)",
    },
    "estimated_days": ESTIMATED_LABEL,
    "missing_temperatures": {
        "fr": "Températures inconnues pour {n} des {days} jours (connues jusqu'au {last}) : ces jours-là ne sont pas jugés contre le froid. Vos propres températures peuvent être ajoutées dans « Mes données ».",
        "en": "Temperatures unknown for {n} of the {days} days (known up to {last}): those days are not judged against the cold. Your own temperatures can be added in “My data”.",
    },
    "reference_used": {
        "fr": "{n} jours pris en compte, du {first} au {last}.",
        "en": "{n} days used, from {first} to {last}.",
    },
    "reference_session": {
        "fr": "Gardé pour cette session seulement : importez d'abord vos relevés pour que Courbe le retienne.",
        "en": "Kept for this session only: import your readings first for Courbe to remember it.",
    },
    "reference_forget": {"fr": "Ne plus utiliser ce fichier", "en": "Stop using this file"},
    "what_if": {"fr": "Et si…", "en": "What if…"},
    "explain_what_if": {
        "fr": "Votre propre courbe, modifiée comme vous la modifieriez, puis payée à nouveau aux mêmes prix.",
        "en": "Your own curve, changed as you would change it, then priced again at the same prices.",
    },
    "shift_kwh": {
        "fr": "kWh par an déplacés vers les heures creuses (lave-linge, lave-vaisselle, recharge…)",
        "en": "kWh a year moved to off-peak hours (washing machine, dishwasher, charging…)",
    },
    "saving": {"fr": "Économie", "en": "Saving"},
    "reference_home": {"fr": "Vous et un foyer de référence", "en": "You and a reference home"},
    "explain_reference_home": {
        "fr": "Le foyer de référence est le foyer français moyen sans chauffage électrique (profil Enedis RES1, 2023), ramené à votre consommation annuelle : seule la forme diffère.",
        "en": "The reference home is the average French home without electric heating (Enedis profile RES1, 2023), scaled to your yearly use: only the shape differs.",
    },
    "share_winter": {"fr": "Part de novembre à mars", "en": "Share November to March"},
    "share_evening": {"fr": "Part en soirée (18–22 h)", "en": "Share in the evening (6–10 pm)"},
    "share_night": {"fr": "Part la nuit (0–6 h)", "en": "Share at night (0–6 am)"},
    "reference_share": {"fr": "Foyer de référence : {x}", "en": "Reference home: {x}"},
    "verdict": {"fr": "Notre avis sur votre puissance", "en": "Our view on your subscribed power"},
}


# --- the first-run guide, meters, Mes données and uploads (issue 17, parts 1, 4, 6, 7) ---------
GUIDE: dict[str, dict[Lang, str]] = {
    "promise_what": {
        "fr": "Courbe lit les relevés de votre compteur Linky et vous montre vos habitudes, votre consommation permanente, vos anomalies et le contrat qui vous coûterait le moins.",
        "en": "Courbe reads your Linky meter's readings and shows you your habits, your always-on load, anything unusual and the contract that would cost you least.",
    },
    "promise_local": {
        "fr": "**Rien ne quitte cet ordinateur** : vos fichiers sont lus et gardés ici, sans connexion à internet, et « Tout effacer » les supprime.",
        "en": "**Nothing leaves this computer**: your files are read and kept here, with no internet connection, and “Delete everything” removes them.",
    },
    "promise_how": {
        "fr": "Trois étapes : récupérez votre fichier, déposez-le ci-dessous, puis indiquez votre contrat tel qu'il figure sur votre facture.",
        "en": "Three steps: get your file, drop it below, then give your contract as your bill states it.",
    },
    "step_get": {"fr": "1. Récupérez votre fichier", "en": "1. Get your file"},
    "get_enedis": {
        "fr": "Depuis votre compte Enedis (le plus courant)",
        "en": "From your Enedis account (the usual way)",
    },
    "get_enedis_steps": {
        "fr": "1. Connectez-vous à votre espace client sur **mon-compte-particulier.enedis.fr** (le numéro de compteur figure sur votre facture).\n2. Dans vos mesures, cliquez sur **Activer l'enregistrement de la consommation horaire** (et acceptez la collecte si elle est proposée) : le compteur garde alors une mesure toutes les 30 minutes.\n3. Patientez : les mesures s'accumulent à partir de ce jour (un jour ou deux pour les premières ; Courbe en tire le plus avec une année entière).\n4. Choisissez **Consommation horaire**, la période, puis **Télécharger**. Depuis 2025 le portail donne un fichier XLSX de 7 jours au plus : téléchargez plusieurs semaines et déposez-les ensemble, Courbe les assemble sans doublon.",
        "en": "1. Log in to your customer area at **mon-compte-particulier.enedis.fr** (the meter number is on your bill).\n2. In your readings, click **Activer l'enregistrement de la consommation horaire** (switch on the hourly recording; accept the collection too if offered): the meter then keeps a reading every 30 minutes.\n3. Wait: readings build up from that day on (a day or two for the first ones; Courbe tells most from a whole year).\n4. Choose **Consommation horaire** (hourly consumption), the period, then **Télécharger** (download). Since 2025 the portal gives an XLSX file of 7 days at most: download several weeks and drop them together, Courbe joins them without duplicates.",
    },
    "get_supplier": {
        "fr": "Depuis le site de votre fournisseur",
        "en": "From your supplier's website",
    },
    "get_supplier_steps": {
        "fr": "Dans votre espace client (EDF : « Ma consommation », puis « Mes puissances atteintes » ou « Consommation par demi-heure »), téléchargez le fichier de la période voulue. Les fichiers R63 et les réponses Data Connect (JSON) sont lus aussi.",
        "en": "In your customer area (EDF: “Ma consommation”, then “Mes puissances atteintes” or “Consommation par demi-heure”), download the file for the period you want. R63 files and Data Connect (JSON) responses are read too.",
    },
    "get_tic": {
        "fr": "Avec un lecteur TIC branché sur le compteur",
        "en": "With a TIC reader plugged into the meter",
    },
    "get_tic_steps": {
        "fr": "Un module de téléinformation (TIC) branché sur les bornes I1-I2 du Linky enregistre ce que le compteur envoie. Déposez le journal qu'il écrit (.log, .txt, .raw) : Courbe en tire la courbe, les index et vos vraies heures creuses. Une capture sans heures de réception demande son heure de début (options d'import).",
        "en": "A teleinfo (TIC) module on the Linky's I1-I2 terminals records what the meter sends. Drop the log it writes (.log, .txt, .raw): Courbe takes the curve, the registers and your real off-peak hours from it. A capture without receive times needs its start time (import options).",
    },
    "step_drop": {"fr": "2. Déposez vos fichiers", "en": "2. Drop your files"},
    "drop_label": {
        "fr": "Vos fichiers Enedis, fournisseur ou TIC (plusieurs à la fois si vous voulez)",
        "en": "Your Enedis, supplier or TIC files (several at once if you like)",
    },
    "drop_caption": {
        "fr": "Cliquez sur le bouton ou glissez vos fichiers dessus. Fichiers lus : {types}, jusqu'à {limit} chacun.",
        "en": "Click the button or drag your files onto it. Files read: {types}, up to {limit} each.",
    },
    "drop_button": {"fr": "Choisir des fichiers", "en": "Choose files"},
    "step_contract": {
        "fr": "3. Votre contrat, d'après votre facture",
        "en": "3. Your contract, from your bill",
    },
    "contract_steps": {
        "fr": "Sur votre facture, relevez la **puissance souscrite** (6, 9, 12 kVA…), l'**option** (Base, Heures creuses, Tempo) et, en heures creuses, leurs **horaires** (par exemple « HC 22h00-6h00 »). Reportez-les dans « Votre contrat », dans le menu de gauche : Courbe les retient.",
        "en": "On your bill, find the **subscribed power** (6, 9, 12 kVA…), the **option** (Base, off-peak hours, Tempo) and, for off-peak, their **hours** (e.g. “HC 22h00-6h00”). Enter them under “Your contract” in the left menu: Courbe remembers them.",
    },
    "contract_now": {
        "fr": "Contrat retenu : {kva} kVA, {option}, heures creuses {off_peak}.",
        "en": "Contract in use: {kva} kVA, {option}, off-peak hours {off_peak}.",
    },
    "guide_again": {
        "fr": "1. Comment obtenir vos fichiers (Enedis, fournisseur, TIC)",
        "en": "1. How to get your files (Enedis, supplier, TIC)",
    },
    "reading_file": {
        "fr": "Lecture de {file} ({i} sur {n}, {size})…",
        "en": "Reading {file} ({i} of {n}, {size})…",
    },
    "read_done": {"fr": "{n} fichier(s) lu(s).", "en": "{n} file(s) read."},
    "refused_type": {
        "fr": "{file} n'est pas pris : Courbe lit les fichiers {types}, pas les « {suffix} ».",
        "en": "{file} is not taken: Courbe reads {types} files, not “{suffix}” ones.",
    },
    "refused_size": {
        "fr": "{file} n'est pas pris : il pèse {size}, au-delà de la limite de {limit} par fichier (réglable : server.maxUploadSize dans app/.streamlit/config.toml).",
        "en": "{file} is not taken: it weighs {size}, over the limit of {limit} per file (configurable: server.maxUploadSize in app/.streamlit/config.toml).",
    },
    "refused_empty": {
        "fr": "{file} n'est pas pris : le fichier est vide.",
        "en": "{file} is not taken: the file is empty.",
    },
    "no_suffix": {"fr": "sans extension", "en": "without an extension"},
    "report_title": {"fr": "{file} — {meter}", "en": "{file} — {meter}"},
    "report_period": {
        "fr": "Du {first} au {last} : {rows} relevés, dont {new} nouveaux{replaced}.",
        "en": "From {first} to {last}: {rows} readings, {new} of them new{replaced}.",
    },
    "report_replaced": {
        "fr": ", {n} remplaçant une valeur déjà là",
        "en": ", {n} replacing a value already there",
    },
    "report_steps": {"fr": "Une mesure toutes les {steps}.", "en": "One reading every {steps}."},
    "report_step_part": {"fr": "{step} min ({n} relevés)", "en": "{step} min ({n} readings)"},
    "report_or": {"fr": " ou ", "en": " or "},
    "report_step_change": {
        "fr": "Le {at}, le pas passe de {before} à {after} min.",
        "en": "On {at}, the step changes from {before} to {after} min.",
    },
    "report_no_curve": {
        "fr": "Pas de courbe de charge dans ce fichier (seulement des index ou des valeurs par jour) : il ne donne pas de compteur à choisir dans les pages.",
        "en": "No load curve in this file (only registers or daily values): it adds no meter to choose in the pages.",
    },
    "report_no_gap": {"fr": "Aucun trou dans la courbe.", "en": "No gap in the curve."},
    "report_gaps": {
        "fr": "{n} trou(s) dans la courbe, {hours} h en tout :",
        "en": "{n} gap(s) in the curve, {hours} h in all:",
    },
    "report_gap": {
        "fr": "du {start} au {end} ({hours} h sans mesure)",
        "en": "from {start} to {end} ({hours} h without a reading)",
    },
    "report_more": {"fr": "… et {n} de plus.", "en": "… and {n} more."},
    "report_unused": {"fr": "Non utilisé : {reason}", "en": "Not used: {reason}"},
    "report_unused_lines": {"fr": "{n} ligne(s) ({lines})", "en": "{n} line(s) ({lines})"},
    "report_notes": {
        "fr": "Ce que Courbe a déduit du fichier",
        "en": "What Courbe worked out from the file",
    },
    "date_time": {"fr": "%d/%m/%Y à %Hh%M", "en": "%d/%m/%Y at %H:%M"},
    "meter_holds": {
        "fr": "{label} · du {first} au {last} ({days} jours)",
        "en": "{label} · {first} to {last} ({days} days)",
    },
    "shown_meter": {
        "fr": "Compteur affiché : {label}, du {first} au {last} ({days} jours de mesures).",
        "en": "Meter shown: {label}, {first} to {last} ({days} days of readings).",
    },
    "no_curve_banner": {
        "fr": "Vos fichiers importés ne contiennent pas de courbe de charge (seulement des index ou des valeurs par jour) : les pages montrent un foyer de démonstration. Importez la « Consommation horaire » de votre compte Enedis.",
        "en": "Your imported files hold no load curve (only registers or daily values): the pages show a demo household. Import the “Consommation horaire” (hourly consumption) from your Enedis account.",
    },
    "meters": {"fr": "Vos compteurs", "en": "Your meters"},
    "meters_explain": {
        "fr": "Donnez un nom à chaque compteur (« Maison », « Studio Lyon ») : il remplace le numéro masqué partout.",
        "en": "Give each meter a name (“Home”, “Lyon flat”): it replaces the masked number everywhere.",
    },
    "meter_name": {"fr": "Nom de {meter}", "en": "Name of {meter}"},
    "meter_no_curve": {
        "fr": "{label} : pas de courbe de charge (index ou valeurs par jour seulement), non proposé dans les pages.",
        "en": "{label}: no load curve (registers or daily values only), not offered in the pages.",
    },
    "meter_gaps": {
        "fr": "{n} trou(s), {hours} h sans mesure",
        "en": "{n} gap(s), {hours} h without a reading",
    },
    "col_file": {"fr": "fichier", "en": "file"},
    "col_meter": {"fr": "compteur", "en": "meter"},
    "col_period": {"fr": "période", "en": "period"},
    "col_rows": {"fr": "relevés", "en": "readings"},
    "col_new": {"fr": "nouveaux", "en": "new"},
    "col_date": {"fr": "importé le", "en": "imported on"},
    "import_notes": {"fr": "Remarques de lecture de {file}", "en": "Reading notes for {file}"},
    "deleted_contract": {
        "fr": "Le contrat enregistré est effacé aussi : les pages montrent de nouveau un foyer de démonstration.",
        "en": "The saved contract is deleted too: the pages show a demo household again.",
    },
    "share_meters": {"fr": "Compteurs à partager", "en": "Meters to share"},
    "share_readme": {
        "fr": "L'archive contient un fichier LISEZMOI.md qui décrit chaque colonne et son unité.",
        "en": "The archive holds a README.md describing each column and its unit.",
    },
    "share_none": {"fr": "Choisissez au moins un compteur.", "en": "Choose at least one meter."},
    "readme": {
        "fr": """# Relevés Linky pseudonymisés (Courbe)

Exportés le {today} depuis Courbe. Compteurs : {meters}. Un fichier par table ({fmt}).
Chaque numéro de compteur est remplacé par un pseudonyme `anon-…` (HMAC-SHA256 avec une clé
restée chez le foyer) : le même compteur a le même pseudonyme d'un export à l'autre.
{shift}

Les instants sont en UTC ; les jours sont des jours calendaires de Paris (Europe/Paris).
Une valeur manquante est une ligne absente, jamais un zéro.

## curve.{fmt} — courbe de charge
- `meter` : pseudonyme du compteur
- `start`, `end` : début et fin de l'intervalle [UTC] ; `end - start` est le pas (10, 15, 30 ou 60 min)
- `wh` : énergie sur l'intervalle [Wh]
- `direction` : `consumption` (soutirage) ou `production` (injection)

## daily.{fmt} — énergie par jour
- `meter`, `day` [date, Europe/Paris], `wh` [Wh], `direction`

## peaks.{fmt} — puissance maximale du jour
- `meter`, `day` [date, Europe/Paris], `va` : puissance apparente maximale [VA], `at` : quand [UTC]

## registers.{fmt} — index cumulés
- `meter`, `at` [UTC], `register` : nom de l'index tel que la TIC le donne (`EAST`, `EASF01`…, `BASE`, `HCHC`…), `wh` : valeur de l'index [Wh]

## periods.{fmt} — période tarifaire donnée par le compteur (captures TIC)
- `meter`, `start` : début de la demi-heure [UTC], `period` : période annoncée (`HC..`, `HPJB`…)
""",
        "en": """# Pseudonymised Linky readings (Courbe)

Exported on {today} from Courbe. Meters: {meters}. One file per table ({fmt}).
Each meter number is replaced by an `anon-…` pseudonym (HMAC-SHA256 with a key that stayed
with the household): the same meter has the same pseudonym from one export to the next.
{shift}

Instants are UTC; days are Paris calendar days (Europe/Paris).
A missing value is a missing row, never a zero.

## curve.{fmt} — load curve
- `meter`: the meter's pseudonym
- `start`, `end`: start and end of the interval [UTC]; `end - start` is the step (10, 15, 30 or 60 min)
- `wh`: energy over the interval [Wh]
- `direction`: `consumption` or `production` (fed into the grid)

## daily.{fmt} — energy per day
- `meter`, `day` [date, Europe/Paris], `wh` [Wh], `direction`

## peaks.{fmt} — the day's maximum power
- `meter`, `day` [date, Europe/Paris], `va`: maximum apparent power [VA], `at`: when [UTC]

## registers.{fmt} — cumulative index readings
- `meter`, `at` [UTC], `register`: the register as the TIC names it (`EAST`, `EASF01`…, `BASE`, `HCHC`…), `wh`: its reading [Wh]

## periods.{fmt} — the tariff period the meter announced (TIC captures)
- `meter`, `start`: start of the half-hour [UTC], `period`: the period announced (`HC..`, `HPJB`…)
""",
    },
    "readme_shifted": {
        "fr": "Toutes les dates sont décalées d'un nombre entier de semaines tenu secret (les jours de la semaine sont gardés ; jours fériés et changements d'heure tombent ailleurs).",
        "en": "Every date is moved by a secret whole number of weeks (weekdays are kept; public holidays and DST days fall elsewhere).",
    },
    "readme_not_shifted": {
        "fr": "Les dates sont les vraies.",
        "en": "The dates are the real ones.",
    },
    "readme_name": {"fr": "LISEZMOI.md", "en": "README.md"},
}
for _key in GUIDE:
    assert _key not in TEXT, _key
TEXT.update(GUIDE)

ANOMALY_KINDS = KIND_TITLES

MONTHS_FR = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def t(key: str, lang: Lang, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``{placeholders}`` filled."""
    return TEXT[key][lang].format(**values)


def file_size(size: int, lang: Lang) -> str:
    """A file's size in words: ``820 ko``, ``1,5 Mo``, ``1 Go`` (``kB``, ``MB``, ``GB``). [B]."""
    units = ("ko", "Mo", "Go") if lang == "fr" else ("kB", "MB", "GB")
    for power, unit in zip((3, 2, 1), reversed(units), strict=True):
        scale = 1024**power
        if size >= scale:
            value = size / scale
            return (
                f"{number(value, lang, decimals=0 if value >= 10 or value % 1 == 0 else 1)} {unit}"
            )
    return f"{number(size, lang)} {'octets' if lang == 'fr' else 'bytes'}"


def number(x: float, lang: Lang, *, decimals: int = 0) -> str:
    """``12 345,6`` in French, ``12,345.6`` in English (:func:`analysis.french.number`)."""
    return french.number(x, decimals, lang=lang)


def kwh(x: float, lang: Lang) -> str:
    """Energy with its unit. [kWh]."""
    return f"{number(x, lang)} kWh"


def euros(x: float, lang: Lang) -> str:
    """``1 234 €`` in French, ``€1,234`` in English."""
    return french.euros(x, lang=lang)


def percent(x: float, lang: Lang) -> str:
    """A share [0–1] as a percentage."""
    return french.percent(x, lang=lang)


# --- time navigation, the day/week explorer and the temperature view ------------------------

NAVIGATION_TEXT: dict[str, dict[Lang, str]] = {
    "page_explorer": {"fr": "Jours", "en": "Days"},
    "temperature_title": {
        "fr": "Votre consommation et la température",
        "en": "Your use and the temperature",
    },
    "period_kind": {"fr": "Voir par", "en": "Show by"},
    "kind_year": {"fr": "Année", "en": "Year"},
    "kind_season": {"fr": "Saison", "en": "Season"},
    "kind_month": {"fr": "Mois", "en": "Month"},
    "kind_week": {"fr": "Semaine", "en": "Week"},
    "kind_day": {"fr": "Jour", "en": "Day"},
    "period_previous": {"fr": "← Précédent", "en": "← Previous"},
    "period_next": {"fr": "Suivant →", "en": "Next →"},
    "period_date": {"fr": "Aller au", "en": "Go to"},
    "period_week": {
        "fr": "semaine du {first} au {last}",
        "en": "week of {first} to {last}",
    },
    "season_winter": {"fr": "hiver", "en": "winter"},
    "season_spring": {"fr": "printemps", "en": "spring"},
    "season_summer": {"fr": "été", "en": "summer"},
    "season_autumn": {"fr": "automne", "en": "autumn"},
    "period_energy": {"fr": "Consommation sur la période", "en": "Use in the period"},
    "period_cost": {"fr": "Coût sur la période", "en": "Cost of the period"},
    "whole_history": {
        "fr": "Tout votre historique : du {first} au {last}",
        "en": "Your whole history: {first} to {last}",
    },
    "period_per_year": {"fr": "Par an", "en": "A year"},
    "per_year_rate_day": {"fr": "Un an au rythme de ce jour", "en": "A year at this day's rate"},
    "per_year_rate_week": {
        "fr": "Un an au rythme de cette semaine",
        "en": "A year at this week's rate",
    },
    "per_year_rate_month": {
        "fr": "Un an au rythme de ce mois",
        "en": "A year at this month's rate",
    },
    "per_year_rate_season": {
        "fr": "Un an au rythme de cette saison",
        "en": "A year at this season's rate",
    },
    "per_year_rate_year": {"fr": "Un an à ce rythme", "en": "A year at this rate"},
    "help_per_year_rate": {
        "fr": "Le coût de cette période ramené à 365 jours, abonnement compris : ce n'est pas une prévision. Un jour ou un mois d'hiver donne plus que ce que coûtera l'année, un mois d'été moins.",
        "en": "This period's cost scaled to 365 days, subscription included: not a forecast. A winter day or month gives more than the year will cost, a summer month less.",
    },
    "help_per_year": {
        "fr": "Le coût de cette année civile, abonnement compris, à l'option {option}.",
        "en": "The cost of this calendar year, subscription included, under the {option} option.",
    },
    "help_per_year_filled": {
        "fr": "Le coût de cette année civile, abonnement compris, à l'option {option} ; les heures sans relevé ({x} de l'année) sont comptées au même rythme que les autres.",
        "en": "The cost of this calendar year, subscription included, under the {option} option; the hours without readings ({x} of the year) are counted at the same rate as the others.",
    },
    "help_no_rate": {
        "fr": "Ramené à l'année seulement quand la période a des relevés pour au moins {x} de ses heures : quelques heures ne disent pas ce que coûtera l'année.",
        "en": "Scaled to a year only when the period has readings for at least {x} of its hours: a few hours do not tell what the year will cost.",
    },
    "help_cost": {
        "fr": "Abonnement compris, à l'option {option}, aux prix actuels du tarif réglementé.",
        "en": "Subscription included, under the {option} option, at current regulated prices.",
    },
    "no_price": {
        "fr": "Pas de prix pour cette période (pas de relevé, ou couleurs Tempo inconnues).",
        "en": "No price for this period (no readings, or Tempo colours unknown).",
    },
    "vs_previous": {"fr": "Par rapport à : {label}", "en": "Compared with {label}"},
    "vs_year_before": {"fr": "Un an plus tôt : {label}", "en": "A year before: {label}"},
    "no_data_word": {"fr": "– pas de relevés", "en": "– no readings"},
    "partial_word": {"fr": "– relevés incomplets", "en": "– incomplete readings"},
    "too_little_word": {"fr": "– trop peu", "en": "– too little"},
    "help_partial": {
        "fr": "Comparaison faite seulement quand chaque période a des relevés pour au moins {x} de ses heures : ici, {a} et {b}.",
        "en": "Compared only when each period has readings for at least {x} of its hours: here {a} and {b}.",
    },
    "period_coverage": {
        "fr": "Relevés sur {x} de la période seulement : les chiffres ne couvrent que ces heures-là.",
        "en": "Readings for {x} of the period only: the figures cover those hours alone.",
    },
    "period_empty": {
        "fr": "Aucun relevé pour cette période. Vos relevés vont du {first} au {last}.",
        "en": "No readings for this period. Your readings run from {first} to {last}.",
    },
    "period_days_chart": {
        "fr": "Cliquez sur une barre pour voir la courbe de ce jour, demi-heure par demi-heure.",
        "en": "Click a bar to see that day's curve, half-hour by half-hour.",
    },
    "period_bars_click_month": {
        "fr": "Cliquez sur un mois pour le choisir.",
        "en": "Click a month to choose it.",
    },
    "explain_explorer": {
        "fr": "Votre puissance moyenne demi-heure par demi-heure. En gris, votre journée type du même genre de jour et de la même saison (ici : {day_type}) : la ligne pointillée est la médiane, la bande va des jours calmes aux jours chargés. En bleu clair, vos heures creuses ({off_peak}).",
        "en": "Your average power half-hour by half-hour. In grey, your typical day of the same kind of day and season (here: {day_type}): the dotted line is the median, the band runs from quiet days to busy ones. In light blue, your off-peak hours ({off_peak}).",
    },
    "explain_tempo": {
        "fr": "Le bandeau du haut donne la couleur Tempo de chaque jour (un jour Tempo va de 6 h à 6 h le lendemain).",
        "en": "The top strip gives each day's Tempo colour (a Tempo day runs from 6 am to 6 am the next day).",
    },
    "tempo_unknown": {
        "fr": "Couleur Tempo inconnue pour ces jours : vous pouvez importer un fichier de couleurs dans « Mes données ».",
        "en": "Tempo colour unknown for these days: you can import a colour file in “My data”.",
    },
    "tempo_day": {"fr": "Jour Tempo : {colour}", "en": "Tempo day: {colour}"},
    "tempo_day_estimated": {
        "fr": "Jour Tempo : {colour} (estimé)",
        "en": "Tempo day: {colour} (estimated)",
    },
    "colour_BLEU": {"fr": "bleu", "en": "blue"},
    "colour_BLANC": {"fr": "blanc", "en": "white"},
    "colour_ROUGE": {"fr": "rouge", "en": "red"},
    "day_type_weekday": {"fr": "jours de semaine", "en": "weekdays"},
    "day_type_saturday": {"fr": "samedis", "en": "Saturdays"},
    "day_type_sunday_holiday": {"fr": "dimanches et fêtes", "en": "Sundays and holidays"},
    "legend_power": {"fr": "votre puissance", "en": "your power"},
    "legend_typical": {"fr": "journée type (médiane)", "en": "typical day (median)"},
    "legend_band": {"fr": "jours calmes à chargés", "en": "quiet to busy days"},
    "legend_off_peak": {"fr": "heures creuses", "en": "off-peak hours"},
    "axis_power": {"fr": "puissance (W)", "en": "power (W)"},
    "axis_kwh_day": {"fr": "kWh par jour", "en": "kWh a day"},
    "axis_kwh": {"fr": "kWh", "en": "kWh"},
    "axis_temperature": {
        "fr": "température moyenne du jour (°C)",
        "en": "day's mean temperature (°C)",
    },
    "anomalies_here": {"fr": "Ce qui ressort sur cette période", "en": "What stands out here"},
    "see_day": {"fr": "Voir la courbe : {day}", "en": "See the curve: {day}"},
    "explain_temperature": {
        "fr": "Chaque point est un jour : sa consommation face à la température extérieure moyenne. Quand il fait froid, un logement chauffé à l'électricité consomme plus.",
        "en": "Each dot is a day: its consumption against the mean outdoor temperature. When it is cold, a home heated by electricity uses more.",
    },
    "heating_line": {
        "fr": "La droite est celle que l'analyse a estimée sur {n} jours complets : sous {base} °C, environ {gradient} de plus par jour pour chaque degré de moins.",
        "en": "The line is the one the analysis estimated from {n} full days: below {base} °C, about {gradient} more a day for each degree colder.",
    },
    "temperature_click": {
        "fr": "Cliquez sur un point pour voir la courbe de ce jour en haut de la page.",
        "en": "Click a dot to see that day's curve at the top of the page.",
    },
    "warm_days": {
        "fr": "Les jours à {base} °C ou plus, sans besoin de chauffage, vous consommez {kwh} par jour (médiane).",
        "en": "On days at {base} °C or warmer, with no need for heat, you use {kwh} a day (median).",
    },
    "legend_heating_line": {"fr": "effet du froid estimé", "en": "estimated effect of cold"},
    "legend_days": {"fr": "jours", "en": "days"},
    "legend_partial_days": {
        "fr": "jours non retenus (incomplets ou à zéro)",
        "en": "days left out (incomplete or zero)",
    },
    "legend_chosen": {"fr": "période choisie", "en": "chosen period"},
    "no_heating": {
        "fr": "Le froid ne fait pas monter votre consommation de façon nette : pas de chauffage électrique visible.",
        "en": "Cold does not clearly raise your use: no electric heating shows.",
    },
    "no_heating_line": {
        "fr": "Pas assez de jours avec une température connue pour estimer l'effet du froid (il en faut 120).",
        "en": "Not enough days with a known temperature to estimate the effect of cold (120 are needed).",
    },
    "no_temperatures": {
        "fr": "Aucune température connue pour vos jours. Les températures fournies vont du {first} au {last} ; vous pouvez importer les vôtres dans « Mes données ».",
        "en": "No temperature known for your days. The shipped temperatures run from {first} to {last}; you can import yours in “My data”.",
    },
    "temperatures_source_own": {
        "fr": "Températures : les vôtres.",
        "en": "Temperatures: your own.",
    },
    "temperatures_source_shipped": {
        "fr": "Températures : moyenne de la France métropolitaine (13 régions), pas celle de votre commune.",
        "en": "Temperatures: mean of mainland France (13 regions), not your own town's.",
    },
}
TEXT.update(NAVIGATION_TEXT)

MONTH_NAMES: dict[Lang, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
WEEKDAY_NAMES: dict[Lang, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
