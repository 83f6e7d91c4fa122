// Unit-aware number formatting for axes and legends. Unit symbols are those of io.fgm.schema.Metric.Unit.
"use strict";
const FgmUnits = (() => {
  function num(v, digits) {
    if (v == null || !isFinite(v)) return "–";
    const a = Math.abs(v);
    const d = digits != null ? digits : a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return Number(v.toFixed(d)).toString();
  }
  function scaled(v, steps, base) {
    let i = 0;
    let x = v;
    while (Math.abs(x) >= base && i < steps.length - 1) { x /= base; i++; }
    return num(x) + " " + steps[i];
  }
  function format(v, unit) {
    if (v == null || !isFinite(v)) return "–";
    switch (unit) {
      case "B": return scaled(v, ["B", "KiB", "MiB", "GiB", "TiB"], 1024);
      case "B/s": return scaled(v, ["B/s", "KiB/s", "MiB/s", "GiB/s"], 1024);
      case "m": return Math.abs(v) >= 10000 ? num(v / 1000) + " cores" : num(v) + " m";
      case "us":
        if (Math.abs(v) >= 1e6) return num(v / 1e6) + " s";
        if (Math.abs(v) >= 1e3) return num(v / 1e3) + " ms";
        return num(v) + " µs";
      case "us/s": return scaled(v, ["µs/s", "ms/s", "s/s"], 1000);
      case "%": return num(v) + " %";
      case "1/s": return scaled(v, ["/s", "k/s", "M/s"], 1000);
      case "1": return scaled(v, ["", "k", "M", "G"], 1000).trim();
      default: return num(v) + (unit ? " " + unit : "");
    }
  }
  // Nice axis ticks for byte values: powers of 1024 read better than powers of 10.
  function byteIncrs() {
    const out = [];
    for (let p = 1; p < 2 ** 50; p *= 1024) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) out.push(p * m);
    return out;
  }
  return { format, num, byteIncrs };
})();
