/** The report's stylesheet, inlined so that report.html needs no other file. */
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #dde3ea; --accent: #3b6ea5; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
header { background: #16324f; color: #fff; padding: 24px 32px 18px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header .meta { margin: 0; color: #c9d6e3; font-size: 13px; }
nav { position: sticky; top: 0; z-index: 1; background: #fff;
  border-bottom: 1px solid var(--line); padding: 8px 32px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 18px; }
nav a:hover { text-decoration: underline; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 24px 20px; margin-top: 20px; }
h2 { font-size: 20px; margin: 12px 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.04em; }
p.note { color: var(--muted); font-size: 13px; margin: 6px 0; }
.banner { margin: 20px 0 0; padding: 12px 16px; border-radius: 6px; border: 1px solid #e0b252;
  background: #fff6dd; color: #6b4a00; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase;
  letter-spacing: 0.04em; }
.card .value { font-size: 20px; font-weight: 600; margin-top: 2px; white-space: nowrap; }
.card .note { color: var(--muted); font-size: 12px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left;
  white-space: nowrap; }
th { background: var(--bg); font-weight: 600; }
table.key-value th { background: none; font-weight: normal; color: var(--muted);
  padding-right: 24px; }
table.key-value td { white-space: normal; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f9fbfd; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
ul.alerts { list-style: none; padding: 0; margin: 0; font-size: 14px; }
ul.alerts li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.badge { display: inline-block; min-width: 128px; margin-right: 10px; padding: 1px 8px;
  border-radius: 10px; font-size: 11px; font-weight: 600; text-transform: uppercase;
  letter-spacing: 0.04em; text-align: center; }
.badge.warn { background: #fde8e6; color: #9b2c1f; }
.badge.info { background: #e6eef8; color: #244d7a; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 8px 0; }
figure img { display: block; max-width: 100%; height: auto; }
footer { max-width: 1200px; margin: 0 auto; padding: 0 32px 32px; color: var(--muted);
  font-size: 12px; }
`;
