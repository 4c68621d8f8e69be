"""The report's CSS: two A4 pages, printed the same by any browser."""

CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.8pt;
       color: #222; margin: 0; line-height: 1.35; }
.page { break-after: page; min-height: 272mm; display: flex;
        flex-direction: column; }
.page:last-child { break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 1mm; color: #0072B2; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #ddd; color: #0072B2; }
p { margin: 1mm 0; }
.muted { color: #666; }
.head { display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm; }
.head .who { font-size: 10pt; }
.year { display: grid; grid-template-columns: 1fr 0.9fr 1.5fr; gap: 3mm; margin: 3mm 0 1mm; }
.box { border: 1px solid #ddd; border-radius: 2mm; padding: 2.5mm 3mm; }
.box .label { font-weight: bold; color: #0072B2; }
.big { display: block; font-size: 20pt; font-weight: bold; margin: 1mm 0 0; }
.mid { display: block; font-size: 14pt; font-weight: bold; margin: 1mm 0 0.5mm; }
.actions { list-style: none; padding: 0; margin: 0; }
.actions li { display: grid; grid-template-columns: 24mm 1fr; gap: 3mm; align-items: center;
              border-left: 2mm solid #E69F00; background: #fdf6e8; padding: 2mm 3mm;
              margin-bottom: 1.5mm; }
.actions .eur { font-size: 13pt; font-weight: bold; }
.actions .eur small { display: block; font-size: 7.4pt; font-weight: normal; color: #666; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.grow { flex: 1; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #eee; }
td.n, th.n { text-align: right; }
tr.yours td { font-weight: bold; }
ul { margin: 0; padding-left: 4mm; }
li { margin-bottom: 0.8mm; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 3mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.small { font-size: 7.6pt; }
.foot { margin-top: auto; padding-top: 2mm; border-top: 1px solid #ddd; }
"""
