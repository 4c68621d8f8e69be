"""Writing a simulated curve in the real export formats Courbe reads."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING

import polars as pl

from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    import datetime as dt

PORTAL_HEADER = (
    "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
    "Grandeur metier;Etape metier;Unite;Pas en minutes"
)


def enedis_portal_csv(
    curve: pl.DataFrame, *, meter: str, first_day: dt.date, end_day: dt.date
) -> bytes:
    """An Enedis portal load-curve CSV (docs/sources.md, Portal CSV) of one direction of a curve.

    UTF-8 with BOM, LF, end-stamped ISO times with offsets, whole watts of average power,
    an empty "Pas en minutes" as the portal writes it. Missing intervals are missing rows.
    ``end_day`` is the exclusive "Date de fin".
    """
    directions = curve["direction"].unique().to_list()
    if len(directions) != 1:
        msg = f"one direction per file, got {directions}"
        raise ValueError(msg)
    metier = "Production" if directions[0] == "production" else "Consommation"
    header = (
        f"{PORTAL_HEADER}\n{meter};Courbe de charge;{first_day:%d/%m/%Y};{end_day:%d/%m/%Y};"
        f"Energie active;{metier};Comptage Brut;W;\nHorodate;Valeur\n"
    )
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    rows = curve.sort("start").select(
        h=pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.to_string("%Y-%m-%dT%H:%M:%S%:z"),
        v=(pl.col("wh") * 60 / minutes).round(0).cast(pl.Int64),
    )
    body = io.BytesIO()
    rows.write_csv(body, separator=";", include_header=False)
    return b"\xef\xbb\xbf" + header.encode() + body.getvalue()


def _average_watts(curve: pl.DataFrame) -> pl.DataFrame:
    """Each interval's naive local end, step [min] and whole watts, in time order."""
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    return curve.sort("start").select(
        end=pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.strftime("%Y-%m-%d %H:%M:%S"),
        minutes=minutes,
        watts=(pl.col("wh") * 60 / minutes).round(0).cast(pl.Int64),
        direction="direction",
    )


def enedis_r63_csv(
    curve: pl.DataFrame, *, meter: str, first_day: dt.date, end_day: dt.date
) -> bytes:
    """An Enedis R63 load-curve CSV (docs/sources.md, R63 CSV).

    Naive local END stamps, ``Pas`` per row, whole watts; the repeated autumn hour is
    simply written twice, in time order.
    """
    rows = _average_watts(curve).select(
        prm=pl.lit(meter),
        debut=pl.lit(f"{first_day:%Y-%m-%d} 00:00:00"),
        fin=pl.lit(f"{end_day:%Y-%m-%d} 00:00:00"),
        grandeur=pl.lit("PA"),
        metier=pl.when(pl.col("direction") == "production")
        .then(pl.lit("PROD"))
        .otherwise(pl.lit("CONS")),
        etape=pl.lit("BRUT"),
        unite=pl.lit("W"),
        horodate="end",
        valeur="watts",
        nature=pl.lit("B"),
        pas=pl.format("PT{}M", "minutes"),
        indice=pl.lit("0"),
        etat=pl.lit("0"),
    )
    body = io.BytesIO()
    rows.write_csv(body, separator=";", include_header=False)
    header = (
        "Identifiant PRM;Date de début;Date de fin;Grandeur physique;Grandeur métier;Etape "
        "métier;Unité;Horodate;Valeur;Nature;Pas;Indice de vraisemblance;Etat complémentaire\n"
    )
    return header.encode() + body.getvalue()


def dataconnect_json(
    curve: pl.DataFrame, *, meter: str, first_day: dt.date, end_day: dt.date
) -> bytes:
    """A Data Connect load-curve response as conso.boris.sh gives it.

    See docs/sources.md, Data Connect JSON.

    String watts, naive local END dates, ``interval_length``.
    """
    rows = _average_watts(curve)
    readings = [
        {"value": str(w), "date": e, "interval_length": f"PT{m}M", "measure_type": "B"}
        for e, m, w in rows.select("end", "minutes", "watts").iter_rows()
    ]
    doc = {
        "usage_point_id": meter,
        "start": f"{first_day:%Y-%m-%d}",
        "end": f"{end_day:%Y-%m-%d}",
        "quality": "BRUT",
        "reading_type": {"unit": "W", "measurement_kind": "power", "aggregate": "average"},
        "interval_reading": readings,
    }
    return json.dumps(doc, indent=1).encode()


def _local_kw(curve: pl.DataFrame, stamp: str) -> pl.DataFrame:
    """Local start ``a`` and end ``b`` written as ``stamp``, kW ``c`` with a decimal comma."""
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    return curve.sort("start").select(
        a=pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.strftime(stamp),
        b=pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.strftime(stamp),
        c=(pl.col("wh") * 60 / minutes / 1000)
        .round(3)
        .cast(pl.String)
        .str.replace(".", ",", literal=True),
    )


def conso_downloader_csv(curve: pl.DataFrame) -> bytes:
    """The Conso Downloader ``debut;fin;kW`` CSV (docs/sources.md, Third-party CSVs).

    Naive local start and end, quoted kW with a decimal comma.
    """
    rows = _local_kw(curve, "%Y-%m-%dT%H:%M").rename({"a": "debut", "b": "fin", "c": "kW"})
    body = io.BytesIO()
    rows.write_csv(body, separator=";", quote_style="non_numeric")
    return body.getvalue()


def edf_supplier_csv(curve: pl.DataFrame) -> bytes:
    """EDF's "mes-puissances-atteintes-30min" (docs/sources.md, EDF supplier CSV) of a 30-min curve.

    Windows-1252, day blocks newest first, end times descending, ``00:00:00`` for 24:00.
    """
    # Reverse time order (the real instants: the repeated autumn hour stays in order).
    ends = curve.sort("start", descending=True).select(
        end=pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.replace_time_zone(None),
        watts=(pl.col("wh") * 2).round(0).cast(pl.Int64),
    )
    ends = ends.with_columns(
        day=(pl.col("end") - pl.duration(minutes=1)).dt.date(),
        time=pl.col("end").dt.strftime("%H:%M:%S"),
    )
    lines = ["", "Récapitulatif de mes puissances atteintes en W", ""]
    lines.append(
        "Date et heure de relève par le distributeur;Puissance atteinte (W);Nature de la donnée"
    )
    for (day,), block in ends.group_by("day", maintain_order=True):
        lines += ["", f"{day:%d/%m/%Y};;"]
        lines += [f"{t};{w};Réelle" for t, w in block.select("time", "watts").iter_rows()]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def greenbutton_xml(curve: pl.DataFrame, *, usage_point: str = "1") -> bytes:
    """A Green Button ESPI feed: epoch starts, durations, Wh (uom 72).

    See docs/sources.md, Green Button XML.
    """
    rows = curve.sort("start").select(
        start=pl.col("start").dt.epoch("s"),
        duration=(pl.col("end") - pl.col("start")).dt.total_seconds(),
        value=pl.col("wh").round(0).cast(pl.Int64),
    )
    readings = "".join(
        f"<IntervalReading><timePeriod><duration>{d}</duration><start>{s}</start>"
        f"</timePeriod><value>{v}</value></IntervalReading>"
        for s, d, v in rows.iter_rows()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<entry><link rel="self" href="/espi/1_1/resource/UsagePoint/{usage_point}"/>'
        '<content><ReadingType xmlns="http://naesb.org/espi"><flowDirection>1</flowDirection>'
        "<powerOfTenMultiplier>0</powerOfTenMultiplier><uom>72</uom></ReadingType></content>"
        '</entry><entry><content><IntervalBlock xmlns="http://naesb.org/espi">'
        f"{readings}</IntervalBlock></content></entry></feed>\n"
    ).encode()


def generic_csv(curve: pl.DataFrame) -> bytes:
    """Two columns: ISO start with offset, average power in W."""
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    rows = curve.sort("start").select(
        time=pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        power_W=(pl.col("wh") * 60 / minutes).round(0).cast(pl.Int64),
    )
    body = io.BytesIO()
    rows.rename({"power_W": "power (W)"}).write_csv(body)
    return body.getvalue()


def enedis_portal_xlsx(curve: pl.DataFrame, *, meter: str) -> bytes:
    """The portal's load-curve workbook (docs/sources.md, Portal XLSX).

    Text cells from B6, local start and end ``dd/mm/yyyy HH:MM:SS``, kW with a decimal comma.
    """
    rows = _local_kw(curve, "%d/%m/%Y %H:%M:%S")
    head: list[list[str | None]] = [
        ["Compte Client", None, "Export des données de la courbe de charge"],
        ["Point Référence Mesure (PRM) : ", meter, "Grandeur physique :", "Puissance Active"],
        ["NA", "Données indisponibles", "Type de comptage :", "Consommation horaire"],
        [None, "Plage horaire"],
        [None, "Début", "Fin", "Valeur (en kW)"],
    ]
    body = [[None, a, b, c] for a, b, c in rows.iter_rows()]
    return xlsx({"Page d'accueil": [["Courbe"]], "Consommation Horaire": head + body})


def xlsx(sheets: dict[str, list[list[str | None]]]) -> bytes:
    """A minimal workbook of inline-string cells, each sheet starting at B6 as Enedis'."""

    def cell(r: int, c: int, v: str) -> str:
        text = v.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{chr(ord("A") + c)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'

    def sheet(rows: list[list[str | None]]) -> str:
        body = "".join(
            f'<row r="{r + 6}">'
            + "".join(cell(r + 6, c + 1, v) for c, v in enumerate(row) if v is not None)
            + "</row>"
            for r, row in enumerate(rows)
        )
        return f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'

    names = list(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{PKG}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                f'ContentType="{OFFICE}.worksheet+xml"/>'
                for i in range(len(names))
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            + "".join(
                f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                for i, n in enumerate(names)
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG}/relationships">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" '
                f'Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(len(names))
            )
            + "</Relationships>",
        )
        for i, n in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet(sheets[n]))
    return buffer.getvalue()


PKG = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
