// Small SVG bar charts for the dashboard (no chart library: nothing to fetch, CSP-safe).
const SVG = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs, text) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
};

// Text widths in the page's font, so labels are cut where they would not fit, not mid-letter.
let ruler = null;
function textWidth(text, container) {
  ruler ??= document.createElement("canvas").getContext("2d");
  ruler.font = `12px ${getComputedStyle(container).fontFamily}`;
  return ruler.measureText(text).width;
}
function fitted(text, room, container) {
  if (textWidth(text, container) <= room) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, container) > room) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

// A label on two lines where one is too short for it ("Satuan Polisi Pamong Praja" read
// "Satuan Polisi Pamong…" on a phone), cut with "…" only past that.
function wrapped(text, room, container) {
  if (textWidth(text, container) <= room) return [text];
  let first = "";
  for (const word of text.split(" ")) {
    const next = first ? `${first} ${word}` : word;
    if (textWidth(next, container) > room) break;
    first = next;
  }
  return first ? [first, fitted(text.slice(first.length).trim(), room, container)] : [fitted(text, room, container)];
}

// rows: [{label, values: {segment: number}}]; segments: [{key, name, color}]. Horizontal stacked bars,
// drawn at the container's own width (a 560 px drawing shrunk onto a phone had 7 px letters), the
// label column as wide as the longest label up to 45 % of it (a fixed one cut "Lampu Jalan & Rambu
// Rusak" at its left edge); a label still too long ends in "…", whole in its bars' titles.
const LINE = 14; // a label's line, px
export function stackedBars(container, rows, segments) {
  const barH = 18, gap = 6, legendH = 22;
  const width = Math.round(Math.max(300, Math.min(560, container.clientWidth || 560)));
  const labelW = Math.ceil(Math.min(width * 0.45, Math.max(60, ...rows.map((r) => textWidth(r.label, container))) + 8));
  const max = Math.max(1, ...rows.map((r) => segments.reduce((s, g) => s + (r.values[g.key] || 0), 0)));
  const scale = (width - labelW - 50) / max;
  // What the bars show, as text: the chart's alternative for a screen reader.
  const said = rows.map((r) => `${r.label}: ${segments.map((g) => `${g.name} ${r.values[g.key] || 0}`).join(", ")}`).join("; ");
  const labels = rows.map((r) => wrapped(r.label, labelW - 8, container));
  const rowH = labels.map((l) => (l.length > 1 ? 2 * LINE + 2 : barH)); // a two-line label: a taller row
  let next = legendH;
  const tops = rowH.map((h) => { const top = next; next += h + gap; return top; });
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${next}`, role: "img",
                             width: String(width), "aria-label": said });
  // The legend from the label column's edge, or from the left where it would not fit there.
  const legendW = segments.reduce((s, g) => s + 28 + textWidth(g.name, container), 0);
  let lx = labelW + legendW <= width ? labelW : 0;
  for (const g of segments) {
    svg.append(svgEl("rect", { x: lx, y: 4, width: 12, height: 12, fill: g.color }));
    svg.append(svgEl("text", { x: lx + 16, y: 14, "font-size": 12 }, g.name));
    lx += 28 + textWidth(g.name, container);
  }
  rows.forEach((r, i) => {
    const y = tops[i] + (rowH[i] - barH) / 2; // the bar in the middle of its row
    const label = svgEl("text", { x: labelW - 6, y: tops[i] + 13, "font-size": 12, "text-anchor": "end" });
    labels[i].forEach((line, n) => label.append(svgEl("tspan", { x: labelW - 6, dy: n ? LINE : 0 }, line)));
    svg.append(label);
    let x = labelW, total = 0;
    for (const g of segments) {
      const v = r.values[g.key] || 0;
      if (v > 0) {
        const bar = svgEl("rect", { x, y, width: Math.max(1, v * scale), height: barH, fill: g.color });
        bar.append(svgEl("title", {}, `${r.label} — ${g.name}: ${v}`));
        svg.append(bar);
      }
      x += v * scale;
      total += v;
    }
    svg.append(svgEl("text", { x: x + 4, y: y + 13, "font-size": 12, class: "bar-total" }, String(total)));
  });
  container.textContent = "";
  container.append(svg);
}

// rows: [{label, value, note}]: one small vertical bar per month, its note (e.g. a rate) above.
export function monthBars(container, rows, title) {
  const width = 360, height = 120, top = 18, bottom = 18, gap = 4;
  const barW = (width - gap * (rows.length + 1)) / Math.max(1, rows.length);
  const max = Math.max(1, ...rows.map((r) => r.value || 0));
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(svgEl("title", {}, title));
  rows.forEach((r, i) => {
    const h = ((r.value || 0) / max) * (height - top - bottom);
    const x = gap + i * (barW + gap), y = height - bottom - h;
    const bar = svgEl("rect", { x, y, width: barW, height: Math.max(h, 0.5), fill: "#0b5d3b" });
    bar.append(svgEl("title", {}, `${r.label}: ${r.value}${r.note ? ` · ${r.note}` : ""}`));
    svg.append(bar);
    svg.append(svgEl("text", { x: x + barW / 2, y: height - 5, "font-size": 9, "text-anchor": "middle" }, r.label.split(" ")[0]));
    if (r.note && r.note !== "–") svg.append(svgEl("text", { x: x + barW / 2, y: Math.max(10, y - 3), "font-size": 8,
                                                            "text-anchor": "middle", fill: "#b00020" }, r.note));
  });
  container.replaceChildren(svg);
}
