/**
 * The printable summary's styles: an A4 sheet on screen, the sheet alone on
 * paper (no toolbar, page numbers where the browser supports margin boxes),
 * the serif type of Vietnamese official documents where installed.
 */
export const PRINT_CSS = String.raw`/* Giao ban HĐND: the printable summary. */
@page { size: A4 portrait; margin: 15mm 14mm 16mm 18mm; @bottom-right { content: counter(page) "/" counter(pages); font: 9pt "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; } }
:root { --ink: #000; --muted: #444; --line: #777; --red: #a4161a; }
* { box-sizing: border-box; }
html { background: #dfe3e8; }
body { margin: 0; font-family: "Times New Roman", "Liberation Serif", "Noto Serif", "DejaVu Serif", serif; font-size: 11.5pt; line-height: 1.35; color: var(--ink); }
[hidden] { display: none !important; }
.print-root { padding: 0 0 2rem; }
.toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid #c5cbd3; font-family: "Segoe UI", Roboto, "Noto Sans", Arial, "DejaVu Sans", sans-serif; font-size: 11pt; }
.toolbar button { font: inherit; font-weight: 700; padding: .35rem 1.4rem; border-radius: .3rem; border: 0; background: var(--red); color: #fff; cursor: pointer; }
.toolbar a { color: #1a4fc4; }
.toolbar-status { color: #a4161a; font-weight: 600; }
.sheet { width: 210mm; min-height: 297mm; margin: 1rem auto; padding: 15mm 14mm 16mm 18mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
.loading { color: var(--muted); font-style: italic; }

.doc-head { display: grid; grid-template-columns: 1fr 1.3fr; gap: 6mm; text-align: center; font-size: 10.5pt; margin-bottom: 6mm; }
.doc-head .strong { font-weight: 700; }
.doc-head .underline { display: inline-block; border-bottom: 1px solid var(--ink); padding-bottom: 1px; }
h1 { text-align: center; font-size: 15pt; margin: 2mm 0 1mm; letter-spacing: .02em; }
.lead { text-align: center; font-weight: 700; font-size: 12pt; margin: 0 0 2mm; }
.meta { text-align: center; font-style: italic; font-size: 10.5pt; margin: 0 0 5mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 0 0 1.5mm; text-align: justify; }
.summary p { text-indent: 8mm; }
.strong { font-weight: 700; }
.label { font-weight: 700; }
.note { font-style: italic; color: var(--muted); font-size: 10pt; }
.source { margin-top: 6mm; font-size: 9.5pt; font-style: italic; color: var(--muted); border-top: 1px solid var(--line); padding-top: 2mm; }

table { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin: 1mm 0 2mm; page-break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid var(--line); padding: .6mm 1.4mm; vertical-align: top; }
th { background: #eceff3; font-weight: 700; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.up { color: #0b5d24; }
td.down, td.missing { color: #a4161a; }
td.late { color: #8a4b00; }
td.ok { color: #0b5d24; }
.figures .metric-col { text-align: left; width: 30%; }
.figures { font-size: 9pt; }
.reported-row td { background: #f6f7f9; }
.total-row td { background: #f6f7f9; }
.units td:nth-child(2), .units td:nth-child(3) { white-space: nowrap; }
.agenda, .conclusions { margin: 0 0 2mm; padding-left: 7mm; }
.agenda li, .conclusions li { margin-bottom: .8mm; }
.presenter { font-style: italic; color: var(--muted); }
.missing-list { margin: 0 0 2mm; padding-left: 5mm; font-size: 10pt; }
.missing-list li { margin-bottom: .8mm; }

/* sign-in on this page */
.signin-wrap { max-width: 110mm; margin: 20mm auto; font-family: "Segoe UI", Roboto, "Noto Sans", Arial, "DejaVu Sans", sans-serif; }
.signin { display: grid; gap: 2mm; border-top: 4px solid var(--red); padding: 6mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.signin h2 { margin: 0; }
.signin-hint { font-size: 10pt; color: var(--muted); }
.signin label { font-weight: 700; font-size: 10pt; }
.signin input { font: inherit; padding: 1.5mm 2mm; border: 1px solid #888; border-radius: 1mm; }
.signin-button { font: inherit; font-weight: 700; padding: 2mm; border: 0; border-radius: 1mm; background: var(--red); color: #fff; cursor: pointer; }
.signin-status { min-height: 1.2em; font-size: 10pt; }
.signin-warning { color: var(--red); font-weight: 700; }
.noscript { padding: 2rem; }

@media print {
  html, body { background: #fff; }
  .toolbar { display: none; }
  .print-root { padding: 0; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  section { break-inside: auto; }
}
`;
