// Explorers (sitebuild/explorers.py): sliders over a grid that the build computed with the tested
// snippet code. Every value shown is one of the grid's values; moving a slider picks another grid
// point, never an interpolation. itdl.js loads this file, and uPlot before it, on pages with one.
(() => {
  const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

  // The same digits as sitebuild/explorers.py format_number: 4 significant digits, trailing zeros
  // dropped, the page language's decimal sign and grouping, powers of ten outside [1e-3, 1e6).
  function formatter(numbers) {
    const group = (digits) => {
      if (digits.length < numbers.fewest) return digits;
      const head = digits.length % 3 || 3;
      const parts = [digits.slice(0, head)];
      for (let i = head; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
      return parts.join(numbers.group);
    };
    const plain = (text) => {
      const negative = text.startsWith("-");
      const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
      const trimmed = fraction ? fraction.replace(/0+$/, "") : "";
      return (negative ? "−" : "") + group(whole) + (trimmed ? numbers.decimal + trimmed : "");
    };
    return (value, integer = false) => {
      if (integer) return plain(String(value));
      const v = Number(value.toPrecision(numbers.digits));
      if (v === 0) return "0";
      const exponent = Math.floor(Math.log10(Math.abs(v)));
      if (exponent >= -3 && exponent < 6) return plain(v.toFixed(Math.max(numbers.digits - 1 - exponent, 0)));
      const mantissa = plain((v / 10 ** exponent).toFixed(numbers.digits - 1));
      return `${mantissa} × 10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c])}`;
    };
  }

  function color(figure, index) {
    return getComputedStyle(figure).getPropertyValue(`--itdl-s${index % 4}`).trim() || "#3f6fd8";
  }

  function setup(figure) {
    const data = JSON.parse(figure.dataset.explorer);
    const format = formatter(data.numbers);
    const sliders = data.sliders;
    const inputs = sliders.map((s) => figure.querySelector(`input[data-slider="${s.name}"]`));
    const strides = {};
    let stride = 1;
    for (const s of [...sliders].reverse()) {
      strides[s.name] = stride;
      stride *= s.values.length;
    }
    const xSlider = sliders.find((s) => s.name === data.x);
    const position = () => Object.fromEntries(sliders.map((s, i) => [s.name, Number(inputs[i].value)]));
    const flat = (at) => sliders.reduce((sum, s) => sum + at[s.name] * strides[s.name], 0);

    const chartBox = figure.querySelector(".itdl-explorer__chart");
    const svg = chartBox.querySelector("svg");
    let chart = null;
    let draws = 0;

    function seriesAlongX(at) {
      const start = flat({ ...at, [data.x]: 0 });
      return data.plot.map((name) => xSlider.values.map((_, i) => data.values[name][start + i * strides[data.x]]));
    }

    function makeChart() {
      if (chart) chart.destroy();
      const style = getComputedStyle(figure);
      const fg = style.getPropertyValue("--md-default-fg-color--light").trim();
      const grid = style.getPropertyValue("--md-default-fg-color--lightest").trim();
      const width = chartBox.clientWidth;
      const axis = (label) => ({
        stroke: fg, label, labelSize: 22, size: 56, font: "12px sans-serif", labelFont: "13px sans-serif",
        grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 },
        values: (u, splits) => splits.map((v) => (v == null ? "" : format(v))),
      });
      const label = (name) => data.outputs.find((o) => o.name === name).label;
      chart = new uPlot({
        width, height: Math.max(240, Math.round(width * 0.55)),
        legend: { show: false }, cursor: { show: false },
        scales: {
          x: { time: false, distr: xSlider.log ? 3 : 1, log: 10 },
          y: { distr: data.ylog ? 3 : 1, log: 10, ...(data.ylim ? { range: data.ylim } : {}) },
        },
        axes: [axis(xSlider.label), axis(data.y)],
        series: [{}, ...data.plot.map((name, i) => ({
          label: label(name), stroke: color(figure, i), width: 2.5, dash: DASHES[i % DASHES.length],
          points: { show: false },
        }))],
        hooks: {
          draw: [(u) => {
            const ctx = u.ctx;
            const { left, top, width: w, height: h } = u.bbox;
            ctx.save();
            ctx.strokeStyle = style.getPropertyValue("--md-default-fg-color").trim();
            ctx.lineWidth = 1;
            if (data.hline != null) {
              const y = u.valToPos(data.hline, "y", true);
              if (y >= top && y <= top + h) {
                ctx.setLineDash([1, 3]);
                ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + w, y); ctx.stroke();
              }
            }
            const x = u.valToPos(xSlider.values[position()[data.x]], "x", true);
            ctx.setLineDash([4, 4]);
            ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
            ctx.restore();
            figure.dataset.draws = String(++draws);
          }],
        },
      }, [xSlider.values, ...seriesAlongX(position())], chartBox);
      chart.root.setAttribute("role", "img");
      chart.root.setAttribute("aria-label", svg.getAttribute("aria-label"));
    }

    function update() {
      const at = position();
      sliders.forEach((s, i) => {
        const shown = format(s.values[at[s.name]], s.integer);
        inputs[i].setAttribute("aria-valuetext", shown);
        figure.querySelector(`output[data-slider-value="${s.name}"]`).textContent = shown;
      });
      const index = flat(at);
      for (const o of data.outputs) {
        figure.querySelector(`dd[data-output="${o.name}"]`).textContent = format(data.values[o.name][index]);
      }
      chart.setData([xSlider.values, ...seriesAlongX(at)]);
    }

    svg.style.display = "none";
    makeChart();
    for (const input of inputs) {
      input.disabled = false;
      input.addEventListener("input", update);
    }
    figure.itdlRedraw = makeChart;
    figure.dataset.ready = "";
  }

  function redrawAll() {
    for (const figure of document.querySelectorAll("figure.itdl-explorer[data-ready]")) figure.itdlRedraw();
  }
  // the colour scheme toggled (Material sets the attribute on <body>) or the column resized
  new MutationObserver(redrawAll).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(redrawAll, 100);
  });

  window.itdlExplorers = (root) => {
    for (const figure of root.querySelectorAll("figure.itdl-explorer:not([data-ready])")) setup(figure);
  };
})();
